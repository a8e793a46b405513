import type { Logger } from '../logger';
import { traceIdFrom } from '../server/trace-context';
import type { DocumentStore } from '../store/document-store';
import { UnitOfWork } from '../store/unit-of-work';
import { aggregatesCreatedBy, checkAggregate, recordAggregates } from './directory';
import { appliesEventType } from './event-consumers';
import { EventRefused } from './event-refused';
import type { HeldEventStore } from './held-events';
import type { HeldMark } from './applied-markers';
import { appliedCollection, appliedMarker } from './applied-markers';
import { DEFAULTS } from '../settings';
import { generationsAt } from './retention';
import type { ApplyOutcome } from './apply-span';
import { applySpan } from './apply-span';
import type { CanonicalEvent, LoggedEvent } from './types';
import { EventType, eventKey, routeOf } from './types';
import type { EventHandlers } from './event-handlers';
import { runHandler } from './event-handlers';

export type { ApplyContext, EventHandler, EventHandlers } from './event-handlers';

export interface ApplierOptions {
  consumer: string;
  store: DocumentStore;
  handlers: EventHandlers;
  held: HeldEventStore;
  /** Where reactions go: the ingest path, with its deduplication. */
  emit(events: CanonicalEvent[]): Promise<void>;
  /** Takes an event refused by rule (EventRefused, e.g. `ownership_conflict`): dead-letter it. Without it the refusal is thrown. */
  refused?(entry: LoggedEvent, reason: string): Promise<void>;
  logger: Logger;
  /** How long applied markers are kept (default 7 days): redelivery within it is recognised. */
  retentionMs?: number;
  /**
   * Reads into the unit of work, up front and all at once, the documents the handlers will read
   * for these entries (one round trip for a whole run instead of one per entry). Optional.
   */
  prefetch?: (uow: UnitOfWork, entries: readonly LoggedEvent[]) => Promise<void>;
}

const MAX_CONFLICTS = 50;

/** A run that must be applied entry by entry (having written nothing). */
const PER_ENTRY = Symbol('per entry');

/** The aggregates a run created (their held events are released next), or PER_ENTRY. */
type Applied = string[] | typeof PER_ENTRY;

/**
 * Applies log entries to one subgraph's state, idempotently: an entry already applied is skipped,
 * one about an unknown aggregate is held and applied when that aggregate appears.
 */
export class EventApplier {
  constructor(private readonly options: ApplierOptions) {}

  /** Whether this consumer has anything to do with an event type. */
  handles(type: EventType): boolean {
    return appliesEventType(this.options.handlers, type);
  }

  /** `released`: the entry was held until now; the applied marker keeps that, for event traces. */
  async apply(entry: LoggedEvent, released?: HeldMark): Promise<void> {
    if (this.handles(entry.event.type)) await this.applyRun([entry], released);
  }

  /**
   * Applies consecutive entries of one aggregate in one unit of work: one read of each document
   * and one commit for the run, however many events a busy shipment receives.
   */
  async applyMany(entries: readonly LoggedEvent[]): Promise<void> {
    const relevant = entries.filter((e) => this.handles(e.event.type));
    if (relevant.length > 0) await this.applyRun(relevant);
  }

  /**
   * The one path: a single entry is a run of one. A run that needs the careful path (an aggregate not
   * known yet, one that brings aggregates into existence, a refusal) is applied entry by entry instead;
   * then what the created aggregates held back is released.
   */
  private async applyRun(entries: readonly LoggedEvent[], released?: HeldMark): Promise<void> {
    const created = await applySpan(this.options.consumer, entries, (outcome) => this.applyOrRefuse(entries, released, outcome));
    if (created === PER_ENTRY) {
      for (const entry of entries) await this.applyRun([entry]);
      return;
    }
    for (const aggregate of created) await this.releaseHeld(aggregate);
  }

  /** A refusal is final, so it is handed over at once, not retried; a held event refused on release is released all the same. */
  private async applyOrRefuse(
    entries: readonly LoggedEvent[],
    released: HeldMark | undefined,
    outcome: (value: ApplyOutcome) => void,
  ): Promise<Applied> {
    try {
      return await this.commitRun(entries, released, outcome);
    } catch (error) {
      if (!(error instanceof EventRefused)) throw error;
      // One entry's refusal must not sink the others of its run: nothing was committed, so apply them one by one.
      if (entries.length > 1) {
        outcome('per_entry');
        return PER_ENTRY;
      }
      if (!this.options.refused) throw error;
      const [entry] = entries;
      outcome('refused');
      this.options.logger.warn('event refused', { eventId: entry.event.id, type: entry.event.type, reason: error.message });
      await this.options.refused(entry, error.message);
      return [];
    }
  }

  /** Applies the run in one unit of work and returns the aggregates it created, or PER_ENTRY having written nothing. */
  private async commitRun(
    entries: readonly LoggedEvent[],
    released: HeldMark | undefined,
    outcome: (value: ApplyOutcome) => void,
  ): Promise<Applied> {
    const { consumer, store, handlers } = this.options;
    const single = entries.length === 1;
    // Events that bring aggregates into existence take the careful path, applied before or not: it
    // records ownership, and also finishes releasing what waited on them.
    if (!single && entries.some((e) => e.event.type === EventType.OrderCreated || e.event.type === EventType.OrderReleased)) {
      outcome('per_entry');
      return PER_ENTRY;
    }
    const keys = entries.map((e) => eventKey(e.event));
    // A run is one aggregate's: its markers live with the aggregate's state, so the commit is one partition's.
    const route = routeOf(entries[0].event);
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const uow = new UnitOfWork(store);
      const generations = generationsAt(Date.now(), this.options.retentionMs ?? DEFAULTS.LADING_EVENT_RETENTION);
      // Every marker, the aggregate and what the handlers need are read up front, together (one round
      // trip in Redis mode); the reads below are then answered by the unit of work.
      await Promise.all([
        ...generations.live.map((g) => uow.load(appliedCollection(g), keys, route)),
        checkAggregate(uow, entries[0].event),
        this.options.prefetch?.(uow, entries),
      ]);
      const reactions: CanonicalEvent[] = [];
      const applied: LoggedEvent[] = [];
      const created: string[] = [];
      for (const [i, entry] of entries.entries()) {
        const { event } = entry;
        // Loaded above with the run: read without a round trip.
        const markers = generations.live.map((g) => uow.peek(appliedCollection(g), keys[i]));
        // Applied already. If it brings aggregates into existence, their held events are released
        // again (releasing is idempotent): the delivery that applied it may have stopped (an error, a
        // crash, another instance claiming it as stuck) before releasing them all, and nothing else would.
        if (markers.some((marker) => marker !== null && marker !== undefined)) {
          created.push(...aggregatesCreatedBy(event));
          continue;
        }
        const check = await checkAggregate(uow, event);
        if (!check.known) {
          if (!single) {
            outcome('per_entry');
            return PER_ENTRY;
          }
          return this.hold(entry, check, outcome);
        }
        created.push(...(await recordAggregates(uow, event)));
        await runHandler(handlers, { entry, event, uow, emit: (r) => reactions.push(r) });
        // The one record of this consumer's outcome: governance (event traces) reads it, never writes it.
        uow.put(appliedCollection(generations.current), keys[i], appliedMarker(entry.position, released), route);
        applied.push(entry);
      }
      if (applied.length === 0) {
        outcome('duplicate');
        return created;
      }
      uow.expire(appliedCollection(generations.current), generations.ttlMs, route);
      // Reactions are ingested before the commit: if the commit is lost they are produced again
      // and deduplicated, so a reaction is never missing for an applied event.
      if (reactions.length > 0) await this.options.emit(reactions);
      if (!(await uow.commit())) continue;
      outcome('applied');
      for (const entry of applied) this.logApplied(entry);
      return created;
    }
    const what = single ? keys[0] : `a run of ${entries.length}`;
    throw new Error(`${consumer}: gave up applying ${what} after ${MAX_CONFLICTS} conflicting commits`);
  }

  /** Holds an entry about an aggregate not known yet; the aggregate is returned when it appeared meanwhile. */
  private async hold(
    entry: LoggedEvent,
    check: { aggregate: string; reason: string },
    outcome: (value: ApplyOutcome) => void,
  ): Promise<string[]> {
    const { consumer, store, held } = this.options;
    const { event } = entry;
    outcome('held');
    await held.hold(consumer, check.aggregate, entry, check.reason);
    this.options.logger.info('event held', { eventId: event.id, type: event.type, aggregate: check.aggregate });
    // Another instance may have created the aggregate between the check and the hold, and
    // looked for held events before this one was stored: look again, so nothing stays held.
    if ((await checkAggregate(new UnitOfWork(store), event)).known) return [check.aggregate];
    return [];
  }

  /**
   * An event that carries a `traceparent` continues its sender's trace here: its apply line names
   * the trace id, at info level because the sender asked to follow it; untraced applies are debug.
   */
  private logApplied(entry: LoggedEvent): void {
    const { event } = entry;
    const traceId = traceIdFrom(event.traceparent);
    const fields = { eventId: event.id, source: event.source, type: event.type, position: entry.position };
    if (traceId) this.options.logger.info('event applied', { traceId, ...fields });
    else this.options.logger.debug('event applied', fields);
  }

  private async releaseHeld(aggregate: string): Promise<void> {
    const { consumer, held } = this.options;
    for (const waiting of await held.heldFor(consumer, aggregate)) {
      await this.apply(waiting.entry, { heldAt: waiting.heldAt, reason: waiting.reason });
      await held.release(consumer, waiting.entry);
    }
  }
}
