import { activeTraceparent } from '../telemetry/tracing';
import { contentHash } from './content-hash';
import type { DeadLetterStore } from './dead-letters';
import type { EmitterBinding, EmitterDefaults } from './emitter-policy';
import { EMITTER_DEFAULTS, emitterRefusal } from './emitter-policy';
import type { EventLog } from './event-log';
import type { EventLimits } from './event-limits';
import { EVENT_LIMITS } from './event-limits';
import { optionsFrom } from '../settings';
import type { OwnershipRegistry } from './ownership';
import { ownershipClaims } from './ownership';
import type { HeldEventStore } from './held-events';
import type { ShipmentRegistry } from './shipment-registry';
import { addsShipmentFacts } from './shipment-registry';
import { TenderHold } from './tender-hold';
import { validateEvent } from './validate';
import type { SyncClass } from './sync-classes';
import { laneOf, SYNC_CLASSES } from './sync-classes';
import { IngestThrottled } from './sync-lag';
import type { CanonicalEvent } from './types';
import { EventType, isEventType } from './types';

/** How the door pushes back when a class falls behind (lib/events/sync-lag.ts). */
export interface Backpressure {
  classify(event: Pick<CanonicalEvent, 'source' | 'type'>): SyncClass;
  monitor: { refusal(syncClass: SyncClass): IngestThrottled | null };
  /** Requests without a real-time event stored at once (`LADING_SYNC_MAX_INFLIGHT`); beyond, 429 for a second. */
  maxInFlight: number;
}

/** `held`: a carrier's event about a shipment not tendered yet, checked and stored when its tender arrives. */
export type IngestStatus = 'accepted' | 'duplicate' | 'rejected' | 'held';

export interface IngestResult {
  id: string | null;
  status: IngestStatus;
  reason?: string;
  /** Log position of an accepted event. */
  position?: string;
}

/** What the door checks besides the contract: shape limits and who may emit what (lib/config.ts). */
export interface IngestSettings {
  limits?: Partial<EventLimits>;
  emitters?: EmitterDefaults;
}

export type StoreOutcome = { status: 'accepted'; position: string } | { status: 'duplicate' } | { status: 'rejected'; reason: string };

const CONFLICTING_DUPLICATE = 'conflicting_duplicate: a conflicting duplicate (same source and id as an accepted event, different content)';

/**
 * The single way into the event log: validate, authorise, check ownership, deduplicate and store
 * each event on its own, so one bad event never sinks the valid ones beside it, and every
 * rejected one is dead-lettered with a reason beginning with its machine word (docs/contract.md §8).
 */
export class Ingestor {
  readonly limits: EventLimits;
  private readonly emitters: EmitterDefaults;
  private readonly tenderHold: TenderHold;
  private readonly storeEvent = (event: CanonicalEvent) => this.store(event);
  /** Requests from outside without a real-time event being stored now (`admit`). */
  private lowerInFlight = 0;

  constructor(
    private readonly log: EventLog,
    private readonly deadLetters: DeadLetterStore,
    private readonly ownership: OwnershipRegistry,
    private readonly shipments: ShipmentRegistry,
    held: HeldEventStore,
    settings: IngestSettings = {},
    private readonly backpressure?: Backpressure,
  ) {
    this.tenderHold = new TenderHold(shipments, held, deadLetters);
    this.limits = { ...optionsFrom(EVENT_LIMITS), ...settings.limits };
    this.emitters = settings.emitters ?? optionsFrom(EMITTER_DEFAULTS);
  }

  /**
   * Results in request order; events are stored in request order too. `from` is the principal of
   * the HTTP door, bound to the sources and types it may emit; without it (Lading's own
   * reactions) every source is allowed.
   */
  async ingest(raws: readonly unknown[], from?: EmitterBinding): Promise<IngestResult[]> {
    const admitted = from ? this.admit(raws) : undefined;
    try {
      return await this.ingestAdmitted(raws, from);
    } finally {
      admitted?.();
    }
  }

  private async ingestAdmitted(raws: readonly unknown[], from: EmitterBinding | undefined): Promise<IngestResult[]> {
    const results = new Array<IngestResult>(raws.length);
    let i = 0;
    while (i < raws.length) {
      // A run of events that claim no ownership (all but ERP creation and release) is appended
      // together: each append is issued synchronously, in request order, and the log sends the
      // appends of one turn in that order as one script call in Redis mode (lib/redis/tick-batch.ts)
      // instead of one per event. An event that claims ownership or adds shipment facts (a tender, a
      // BOL) goes alone, after the run, and so does every event of a carrier-bound principal.
      const run: Promise<void>[] = [];
      for (; i < raws.length; i++) {
        const checked = this.check(raws[i], from);
        if ('event' in checked && (from?.carriers || ownershipClaims(checked.event).length > 0 || addsShipmentFacts(checked.event))) break;
        const at = i;
        run.push(this.settleUnclaimed(raws[at], checked).then((result) => void (results[at] = result)));
      }
      await Promise.all(run);
      if (i < raws.length) {
        results[i] = await this.ingestOne(raws[i], from);
        i++;
      }
    }
    return results;
  }

  /**
   * Admits a request from outside, or throws IngestThrottled (nothing of it is stored, so the
   * sender's retry loses nothing): when its most urgent event is of a class behind its lag limit,
   * or when, with no real-time event in it, `maxInFlight` such requests are being stored already,
   * so lower classes never take the door from a real-time event. Returns what ends its admission.
   */
  private admit(raws: readonly unknown[]): (() => void) | undefined {
    if (!this.backpressure) return undefined;
    let urgent: number | undefined;
    for (const raw of raws) {
      const { type, source } = (raw ?? {}) as { type?: unknown; source?: unknown };
      // Anything not plainly an event is refused on its own below, whatever the lag.
      if (!isEventType(type) || typeof source !== 'string') continue;
      const lane = laneOf(this.backpressure.classify({ type, source }));
      if (urgent === undefined || lane < urgent) urgent = lane;
    }
    if (urgent === undefined || urgent === 0) return undefined;
    const syncClass = SYNC_CLASSES[urgent];
    const refusal = this.backpressure.monitor.refusal(syncClass);
    if (refusal) throw refusal;
    if (this.lowerInFlight >= this.backpressure.maxInFlight)
      throw new IngestThrottled(syncClass, `${this.lowerInFlight} requests without a real-time event are being stored already`, 1);
    this.lowerInFlight++;
    return () => void this.lowerInFlight--;
  }

  private check(raw: unknown, from: EmitterBinding | undefined): { event: CanonicalEvent } | { reason: string } {
    const validation = validateEvent(raw, this.limits, { fromOutside: from !== undefined });
    if (!validation.ok) return { reason: validation.reason };
    const refusal = from && emitterRefusal(validation.event, from, this.emitters);
    return refusal ? { reason: refusal } : { event: validation.event };
  }

  /** Appends at once (before any await), so that calls made in order append in order. */
  private settleUnclaimed(raw: unknown, checked: { event: CanonicalEvent } | { reason: string }): Promise<IngestResult> {
    if ('reason' in checked) return this.reject(raw, checked.reason);
    const { event } = checked;
    return this.log.append(event, contentHash(event), activeTraceparent()).then((outcome) => {
      if (outcome.status === 'conflict') return this.reject(raw, CONFLICTING_DUPLICATE);
      return outcome.status === 'accepted'
        ? { id: event.id, status: 'accepted', position: outcome.entry.position }
        : { id: event.id, status: 'duplicate' };
    });
  }

  /** For events Lading derives itself; they are valid by construction, but checked all the same. */
  async ingestDerived(events: readonly CanonicalEvent[]): Promise<void> {
    const results = await this.ingest(events);
    const rejected = results.find((r) => r.status === 'rejected');
    if (rejected) throw new Error(`derived event ${rejected.id} rejected: ${rejected.reason}`);
  }

  /**
   * Stores a valid event unless it contradicts an order's or shipment's first word. Claims and
   * shipment facts are recorded once the event is stored, so a refused event never claims anything;
   * a duplicate records them again in case the first delivery stopped in between. A tender then
   * settles the carriers' events held for it.
   */
  async store(event: CanonicalEvent): Promise<StoreOutcome> {
    const conflict = await this.ownership.conflict(event);
    if (conflict) return { status: 'rejected', reason: conflict };
    const outcome = await this.log.append(event, contentHash(event), activeTraceparent());
    if (outcome.status === 'conflict') return { status: 'rejected', reason: CONFLICTING_DUPLICATE };
    // Two contradicting events stored at the same moment: the one claiming first wins here, and
    // the appliers refuse the other (lib/events/directory.ts).
    await this.ownership.claim(event);
    await this.shipments.record(event);
    if (event.type === EventType.ShipmentTendered) await this.tenderHold.settle(event.subject, this.storeEvent);
    return outcome.status === 'accepted' ? { status: 'accepted', position: outcome.entry.position } : { status: 'duplicate' };
  }

  private async ingestOne(raw: unknown, from: EmitterBinding | undefined): Promise<IngestResult> {
    const validation = validateEvent(raw, this.limits, { fromOutside: from !== undefined });
    if (!validation.ok) return this.reject(raw, validation.reason);
    const { event } = validation;
    const refusal = from && emitterRefusal(event, from, this.emitters);
    if (refusal) return this.reject(raw, refusal);
    if (from?.carriers) return this.ingestFromCarrier(raw, event, from.carriers);
    return this.settle(raw, event);
  }

  /** A carrier-bound principal's event: stored, refused or held by its shipment's tender (tender-hold.ts). */
  private async ingestFromCarrier(raw: unknown, event: CanonicalEvent, carriers: readonly string[]): Promise<IngestResult> {
    const verdict = await this.tenderHold.verdict(event, carriers);
    if (verdict.kind === 'refused') return this.reject(raw, verdict.reason);
    if (verdict.kind === 'allowed') return this.settle(raw, event);
    if (await this.tenderHold.hold(event, carriers, verdict.reason, this.storeEvent))
      return { id: event.id, status: 'held', reason: verdict.reason };
    // Its tender came meanwhile and settled it: stored, or dead-lettered as refused.
    const now = await this.tenderHold.verdict(event, carriers);
    return now.kind === 'refused' ? { id: event.id, status: 'rejected', reason: now.reason } : { id: event.id, status: 'accepted' };
  }

  private async settle(raw: unknown, event: CanonicalEvent): Promise<IngestResult> {
    const outcome = await this.store(event);
    if (outcome.status === 'rejected') return this.reject(raw, outcome.reason);
    return outcome.status === 'accepted'
      ? { id: event.id, status: 'accepted', position: outcome.position }
      : { id: event.id, status: 'duplicate' };
  }

  private async reject(raw: unknown, reason: string): Promise<IngestResult> {
    await this.deadLetters.add(raw, reason);
    const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    return { id: typeof id === 'string' ? id : null, status: 'rejected', reason };
  }
}
