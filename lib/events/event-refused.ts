/**
 * An event a consumer refuses by rule rather than fails on: its message is the dead-letter
 * reason, beginning with the machine word (`ownership_conflict: …`). It is dead-lettered at once,
 * without retries, and changes nothing.
 */
export class EventRefused extends Error {
  override readonly name = 'EventRefused';
}
