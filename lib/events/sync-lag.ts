import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { Logger } from '../logger';
import type { OptionsOf, OptionSource } from '../settings';
import { SYSTEM_OF_RECORD_NAMES } from '../subgraph-names';
import type { EventLog } from './event-log';
import type { SyncClass } from './sync-classes';
import { SYNC_CLASSES, SyncClass as Classes } from './sync-classes';

/** The lag past which each class is stale (docs/events.md#synchronisation-classes): reported, and for all but real-time, pushed back. */
export const SYNC_LAG_LIMITS = {
  realtime: 'LADING_SYNC_LAG_REALTIME',
  near_realtime: 'LADING_SYNC_LAG_NEAR_REALTIME',
  bulk: 'LADING_SYNC_LAG_BULK',
} as const satisfies OptionSource & Record<SyncClass, string>;
export type SyncLagLimits = OptionsOf<typeof SYNC_LAG_LIMITS>;

/** How one class stands: its worst consumer group's backlog and lag. */
export interface ClassFreshness {
  syncClass: SyncClass;
  /** Entries of the class not yet handled, in the consumer group furthest behind. */
  backlog: number;
  /** Age of the class's oldest unhandled entry, over every consumer group (0 when caught up). */
  lagSeconds: number;
  limitSeconds: number;
  /** Lag past the limit. */
  stale: boolean;
  /** Requests of only this class (or lower ones) are answered 429 meanwhile: never real-time. */
  throttled: boolean;
}

/** A request pushed back for its class (its lag, or the door's room for it): `429` with `Retry-After`. */
export class IngestThrottled extends Error {
  constructor(
    readonly syncClass: SyncClass,
    why: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${why}; events of the ${syncClass} class are not accepted now, retry in ${retryAfterSeconds} s`);
  }
}

export interface SyncLagMonitorOptions {
  log: EventLog;
  limits: SyncLagLimits;
  logger: Logger;
  /** Consumer groups watched: the systems of record (default). */
  groups?: readonly string[];
  /** How often the lag is read while someone asks (default 1 s). */
  intervalMs?: number;
  clock?: Clock;
}

/**
 * Watches each synchronisation class's lag over every consumer group, read from the log's own
 * progress. It reads only while asked: the first question starts it, and a snapshot older than
 * the interval is refreshed in the background, so no request ever waits for Redis here.
 */
export class SyncLagMonitor {
  private snapshot: ClassFreshness[];
  private refreshing: Promise<void> | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  private readonly clock: Clock;
  private failing = false;

  constructor(private readonly options: SyncLagMonitorOptions) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.clock = options.clock ?? systemClock;
    this.snapshot = SYNC_CLASSES.map((syncClass) => this.freshness(syncClass, 0, null));
  }

  /** The latest reading (refreshed behind the scenes when old). */
  classes(): ClassFreshness[] {
    if (this.clock.now() - this.readAt >= this.intervalMs) void this.refresh();
    return this.snapshot;
  }

  /** The reading, read again first when it is older than the interval. */
  async current(): Promise<ClassFreshness[]> {
    if (this.clock.now() - this.readAt >= this.intervalMs) await this.refresh();
    return this.snapshot;
  }

  /** Reads the lag now. */
  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The refusal for a request whose most urgent event is of `syncClass`, or null when it is accepted. */
  refusal(syncClass: SyncClass): IngestThrottled | null {
    const state = this.classes().find((c) => c.syncClass === syncClass);
    if (!state?.throttled) return null;
    // Come back once the excess could have drained: at least a second, at most a minute.
    const retryAfter = Math.min(60, Math.max(1, Math.ceil(state.lagSeconds - state.limitSeconds)));
    return new IngestThrottled(syncClass, `the ${syncClass} class is ${Math.round(state.lagSeconds)} s behind, past its limit`, retryAfter);
  }

  private async read(): Promise<void> {
    try {
      const groups = this.options.groups ?? SYSTEM_OF_RECORD_NAMES;
      const byGroup = await Promise.all(groups.map((group) => this.options.log.progressByClass(group)));
      const now = this.clock.now();
      this.snapshot = SYNC_CLASSES.map((syncClass) => {
        const parts = byGroup.map((classes) => classes.find((c) => c.syncClass === syncClass)!);
        const oldest = parts.map((p) => p.oldestRecordedAt).filter((at): at is string => at !== null);
        const lagMs = oldest.length === 0 ? 0 : Math.max(0, now - Date.parse(oldest.sort()[0]));
        return this.freshness(syncClass, Math.max(0, ...parts.map((p) => p.backlog)), lagMs / 1000);
      });
      this.readAt = now;
      if (this.failing) this.options.logger.info('synchronisation lag readable again');
      this.failing = false;
    } catch (error) {
      // The last reading stands; ingest itself reports a log that is down.
      if (!this.failing) this.options.logger.warn('synchronisation lag could not be read', { error });
      this.failing = true;
    }
  }

  private freshness(syncClass: SyncClass, backlog: number, lagSeconds: number | null): ClassFreshness {
    const limitSeconds = this.options.limits[syncClass] / 1000;
    const lag = lagSeconds ?? 0;
    const stale = lag > limitSeconds;
    return { syncClass, backlog, lagSeconds: lag, limitSeconds, stale, throttled: stale && syncClass !== Classes.Realtime };
  }
}
