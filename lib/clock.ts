/** Where "now" comes from: the system clock in production, a controllable one in tests. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
