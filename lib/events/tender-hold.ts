import type { CarrierVerdict } from './carrier-binding';
import { carrierVerdict } from './carrier-binding';
import type { DeadLetterStore } from './dead-letters';
import type { HeldEventStore } from './held-events';
import type { ShipmentRegistry } from './shipment-registry';
import type { CanonicalEvent } from './types';

/** The consumer name of events held at the door (not yet in the log) until their shipment's tender. */
export const INGEST_HOLD = 'ingest';

/** How the door stores an event once it may (ownership, deduplication, append): the Ingestor's `store`. */
export type StoreEvent = (event: CanonicalEvent) => Promise<{ status: 'accepted' | 'duplicate' } | { status: 'rejected'; reason: string }>;

/**
 * Carrier-bound principals' events at the door (docs/carriers.md): judged by the shipment's tenders
 * as the pipeline recorded them, and, while it has none, held in the held-event store (consumer
 * `ingest`, listed by `heldEvents`, expiring as `orphan`) until its tender is stored.
 */
export class TenderHold {
  constructor(
    private readonly shipments: ShipmentRegistry,
    private readonly held: HeldEventStore,
    private readonly deadLetters: Pick<DeadLetterStore, 'add'>,
  ) {}

  async verdict(event: CanonicalEvent, carriers: readonly string[]): Promise<CarrierVerdict> {
    return carrierVerdict(event, carriers, await this.shipments.carriersOf(event.subject));
  }

  /** Holds the event for its shipment's tender; false when the tender came meanwhile and the event was settled already. */
  async hold(event: CanonicalEvent, carriers: readonly string[], reason: string, store: StoreEvent): Promise<boolean> {
    const entry = { position: '', recordedAt: new Date().toISOString(), event };
    await this.held.hold(INGEST_HOLD, event.subject, entry, reason, carriers);
    // A tender stored between the check and the hold looked for held events before this one was
    // there: look again, so nothing waits for a tender that has come.
    if ((await this.shipments.carriersOf(event.subject)) === null) return true;
    await this.settle(event.subject, store);
    return false;
  }

  /**
   * Checks the events held for a shipment's tender against it, now that there is one: each is
   * stored, or dead-lettered as `carrier_not_assigned`. Settling twice (two instances at once) is
   * harmless: the second store is a duplicate.
   */
  async settle(shipmentId: string, store: StoreEvent): Promise<void> {
    const waiting = await this.held.heldFor(INGEST_HOLD, shipmentId);
    if (waiting.length === 0) return;
    const tenderedTo = await this.shipments.carriersOf(shipmentId);
    for (const held of waiting) {
      const { event } = held.entry;
      const verdict = carrierVerdict(event, held.carriers ?? [], tenderedTo);
      if (verdict.kind === 'await_tender') continue;
      if (verdict.kind === 'refused') await this.deadLetters.add(event, verdict.reason);
      else {
        const outcome = await store(event);
        if (outcome.status === 'rejected') await this.deadLetters.add(event, outcome.reason);
      }
      // Released only once stored or dead-lettered: an event that reached the door is never dropped.
      await this.held.release(INGEST_HOLD, held.entry);
    }
  }
}
