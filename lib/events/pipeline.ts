import type { Clock } from '../clock';
import { activeTraceparent } from '../telemetry/tracing';
import type { Logger } from '../logger';
import type { DocumentStore } from '../store/document-store';
import { UserInputError } from '../errors';
import type { EventApplier } from './applier';
import { DeadLetterStore } from './dead-letters';
import type { Consumption, EventLog } from './event-log';
import { HeldEventStore } from './held-events';
import type { IngestSettings } from './ingest';
import { Ingestor } from './ingest';
import { OwnershipRegistry } from './ownership';
import { ShipmentRegistry } from './shipment-registry';
import { INGEST_HOLD } from './tender-hold';
import { validateEvent } from './validate';
import type { SyncClass } from './sync-classes';
import { syncClassifier } from './sync-classes';
import type { SyncLagLimits } from './sync-lag';
import { SYNC_LAG_LIMITS, SyncLagMonitor } from './sync-lag';
import type { CanonicalEvent, EventType } from './types';
import { DEFAULTS, optionsFrom } from '../settings';

export interface EventPipelineOptions {
  log: EventLog;
  /** Each event's synchronisation class, as the log files it (default: the type's documented class). */
  classify?: (event: Pick<CanonicalEvent, 'source' | 'type'>) => SyncClass;
  /** Each class's lag limit (default: the settings' defaults). */
  syncLagLimits?: Partial<SyncLagLimits>;
  /** Requests without a real-time event the door stores at once (`LADING_SYNC_MAX_INFLIGHT`). */
  syncMaxInFlight?: number;
  /** Where held events and dead letters live. */
  ops: DocumentStore;
  logger: Logger;
  /** Deliveries of one event to one consumer before it is dead-lettered. */
  maxAttempts?: number;
  /** How long dedup entries, applied markers and handled log entries are kept (default 7 days). */
  retentionMs?: number;
  /** Shape limits and emitter defaults of the door (lib/config.ts). */
  ingest?: IngestSettings;
  /** When an event is held (its TTL counts from then); the system clock unless a test moves one by hand. */
  clock?: Clock;
}

/** The event log with what surrounds it: ingest, holding, dead letters and replay. */
export class EventPipeline {
  readonly log: EventLog;
  readonly deadLetters: DeadLetterStore;
  readonly held: HeldEventStore;
  readonly ingestor: Ingestor;
  readonly retentionMs: number;
  readonly ownership: OwnershipRegistry;
  /** Tenders and shipment references, from events as they are stored: carrier binding and reference resolution read it. */
  readonly shipments: ShipmentRegistry;
  /** Each class's lag over the consumer groups: backpressure at the door, freshness in health and on the operations page. */
  readonly freshness: SyncLagMonitor;
  private readonly consumptions = new Set<Consumption>();

  constructor(private readonly options: EventPipelineOptions) {
    this.log = options.log;
    this.retentionMs = options.retentionMs ?? DEFAULTS.LADING_EVENT_RETENTION;
    this.deadLetters = new DeadLetterStore(options.ops);
    this.held = new HeldEventStore(options.ops, this.deadLetters, options.clock);
    this.ownership = new OwnershipRegistry(options.ops);
    this.shipments = new ShipmentRegistry(options.ops);
    this.freshness = new SyncLagMonitor({
      log: options.log,
      limits: { ...optionsFrom(SYNC_LAG_LIMITS), ...options.syncLagLimits },
      logger: options.logger,
      clock: options.clock,
    });
    const backpressure = {
      classify: options.classify ?? syncClassifier(),
      monitor: this.freshness,
      maxInFlight: options.syncMaxInFlight ?? DEFAULTS.LADING_SYNC_MAX_INFLIGHT,
    };
    this.ingestor = new Ingestor(options.log, this.deadLetters, this.ownership, this.shipments, this.held, options.ingest, backpressure);
  }

  /**
   * Feeds the log to an applier as consumer group `consumer`; failures end as dead letters.
   * `handles` names the event types it does anything with: the others are acknowledged unread
   * and reported to `skipped`.
   */
  consume(
    consumer: string,
    applier: Pick<EventApplier, 'apply'> &
      Partial<Pick<EventApplier, 'applyMany' | 'handles'>> & { skipped?: (type: string, recordedAtMs: number) => void },
  ): Consumption {
    const consumption = this.log.consume(consumer, (entry) => applier.apply(entry), {
      maxAttempts: this.options.maxAttempts ?? 5,
      handleMany: applier.applyMany ? (entries) => applier.applyMany!(entries) : undefined,
      relevant: applier.handles ? (type) => applier.handles!(type as EventType) : undefined,
      skipped: applier.skipped,
      onGiveUp: async (entry, error) => {
        this.options.logger.error('event dead-lettered after failed attempts', { consumer, eventId: entry.event.id, error });
        try {
          await this.deadLetters.add(entry.event, `apply_failed: in ${consumer}: ${error.message}`, consumer);
        } catch (storeError) {
          this.options.logger.error('could not store the dead letter; the event will be retried', {
            consumer,
            eventId: entry.event.id,
            error: storeError,
          });
          throw storeError;
        }
      },
    });
    this.consumptions.add(consumption);
    return consumption;
  }

  /** Resolves when every consumer in this process has caught up with the log. */
  async idle(): Promise<void> {
    await Promise.all([...this.consumptions].map((c) => c.idle()));
  }

  /**
   * Puts a dead letter back on the log after a fix. A rejected event is validated and
   * deduplicated again; one that failed to apply is appended anew, and consumers that did apply
   * it skip it as already applied.
   */
  async replayDeadLetter(id: string): Promise<boolean> {
    const letter = await this.deadLetters.get(id);
    if (!letter || letter.replayedAt) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(letter.raw);
    } catch {
      throw new UserInputError(`dead letter ${id} is not JSON and cannot be replayed`);
    }
    // Refused at a door (or held there until it expired), it is held to the door's rules; failed
    // while applying, it is as it was logged.
    const atDoor = letter.consumer === null || letter.consumer === INGEST_HOLD;
    const validation = validateEvent(parsed, this.ingestor.limits, { fromOutside: atDoor });
    if (!validation.ok) throw new UserInputError(`dead letter ${id} is still invalid: ${validation.reason}`);
    if (atDoor) {
      // A service rep's replay vouches for the source; ownership and deduplication still hold.
      const outcome = await this.ingestor.store(validation.event);
      if (outcome.status === 'rejected') throw new UserInputError(`dead letter ${id} is still refused: ${outcome.reason}`);
    } else {
      await this.log.reappend(validation.event, activeTraceparent());
    }
    await this.deadLetters.markReplayed(id);
    return true;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.consumptions].map((c) => c.dispose()));
    this.consumptions.clear();
  }
}
