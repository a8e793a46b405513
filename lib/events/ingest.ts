import { contentHash } from './content-hash';
import { DeadLetterStore } from './dead-letters';
import { EventLog } from './event-log';
import { validateEvent } from './validate';
import { CanonicalEvent } from './types';

export type IngestStatus = 'accepted' | 'duplicate' | 'rejected';

export interface IngestResult {
  id: string | null;
  status: IngestStatus;
  reason?: string;
  /** Log position of an accepted event. */
  position?: string;
}

/**
 * The single way into the event log: validate, deduplicate and store each event on its own, so one
 * bad event never sinks the valid ones beside it, and every rejected one is dead-lettered.
 */
export class Ingestor {
  constructor(
    private readonly log: EventLog,
    private readonly deadLetters: DeadLetterStore,
  ) {}

  /**
   * Results in request order; events are stored in request order too: each event's append is
   * issued synchronously, in order, before the next one's (validation and hashing do not wait),
   * and a connection runs commands in the order sent. All of a batch's appends are thus in flight
   * at once, one pipelined round trip in Redis mode rather than one per event.
   */
  async ingest(raws: readonly unknown[]): Promise<IngestResult[]> {
    return Promise.all(raws.map((raw) => this.ingestOne(raw)));
  }

  /** For events Lading derives itself; they are valid by construction, but checked all the same. */
  async ingestDerived(events: readonly CanonicalEvent[]): Promise<void> {
    const results = await this.ingest(events);
    const rejected = results.find((r) => r.status === 'rejected');
    if (rejected) throw new Error(`derived event ${rejected.id} rejected: ${rejected.reason}`);
  }

  private async ingestOne(raw: unknown): Promise<IngestResult> {
    const validation = validateEvent(raw);
    if (!validation.ok) {
      await this.deadLetters.add(raw, validation.reason);
      const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
      return { id: typeof id === 'string' ? id : null, status: 'rejected', reason: validation.reason };
    }
    const { event } = validation;
    const outcome = await this.log.append(event, contentHash(event));
    switch (outcome.status) {
      case 'accepted':
        return { id: event.id, status: 'accepted', position: outcome.entry.position };
      case 'duplicate':
        return { id: event.id, status: 'duplicate' };
      case 'conflict': {
        const reason = 'conflicting duplicate: same source and id as an accepted event, different content';
        await this.deadLetters.add(raw, reason);
        return { id: event.id, status: 'rejected', reason };
      }
    }
  }
}
