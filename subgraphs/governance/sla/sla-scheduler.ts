import { consumeChanges } from '../../../lib/changes/change-consumer';
import type { ChangeStreams } from '../../../lib/changes/change-stream';
import { ChangeStreamName } from '../../../lib/changes/change-stream';
import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import type { EventPipeline } from '../../../lib/events/pipeline';
import type { GovernanceOptions } from '../../../lib/governance';
import type { Logger } from '../../../lib/logger';
import type { DocumentStore } from '../../../lib/store/document-store';
import { UnitOfWork } from '../../../lib/store/unit-of-work';
import type { ShipmentWatch } from './shipment-watch';
import { SlaCode, breachEvent, breachOf, isShipmentSlaCode } from '../../../lib/sla/sla-catalogue';

export interface SlaSchedulerOptions {
  /** The change streams: shipments' status and SLA signs come from there. */
  changes: ChangeStreams;
  /** Governance's view of the shipments: its due index says what falls due when. */
  watch: ShipmentWatch;
  /** The pipeline's own store (held events), where held-event breaches are claimed. */
  ops: DocumentStore;
  pipeline: EventPipeline;
  governance: GovernanceOptions;
  logger: Logger;
  /** Told once per breach, by the one instance that recorded it. */
  onFired?(code: SlaCode): void;
}

const HELD_CLAIMS = 'slaHeldBreaches';

/**
 * Records SLA breaches when they fall due. Which shipments may breach, and when, it learns from
 * the `shipments` change stream into governance's shipment watch (shipment-watch.ts); it wakes at the next
 * due time, or after `slaIntervalMs` at the latest (held events are pipeline state, not on the
 * change stream, and an injected clock can jump). A shipment breach is recorded as an event
 * through the ingest path, its id derived from (rule, shipment, clock start): with several
 * schedulers on one Redis, the log's deduplication lets exactly one of them record it. A
 * held-event breach is claimed with a conditional commit of one key per (rule, event), which
 * again only one instance wins.
 */
export class SlaScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private consumer: { dispose(): Promise<void> } | undefined;
  private disposed = false;
  /** Asked to wake while evaluating: evaluate again right after. */
  private again = false;
  /** When the next breach in the due index falls due, as the last evaluation found. */
  private next: number | null = null;

  constructor(private readonly options: SlaSchedulerOptions) {}

  private get index(): ShipmentWatch {
    return this.options.watch;
  }

  start(): this {
    if (this.options.governance.slaIntervalMs <= 0) return this;
    this.consumer = consumeChanges<ShipmentChange>({
      changes: this.options.changes,
      stream: ChangeStreamName.Shipments,
      logger: this.options.logger,
      offset: () => this.index.offset(),
      // Evaluated at once only when a change brings a due time nearer than the next one known
      // (usually its clock runs for hours: the timer is left as it is).
      handle: async (page, advance) => {
        const earliest = await this.index.apply(page, advance);
        if (earliest !== null && (this.next === null || earliest < this.next)) {
          this.next = earliest;
          this.wakeIn(0);
        }
      },
    });
    this.wakeIn(0);
    return this;
  }

  private wakeIn(ms: number): void {
    if (this.disposed) return;
    if (this.running) return void (this.again = true);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.again = false;
      this.running = this.tick()
        .catch((error) => this.options.logger.error('SLA evaluation failed; will retry', { error }))
        .finally(() => {
          this.running = undefined;
          const interval = this.options.governance.slaIntervalMs;
          const untilNext = this.next === null ? interval : Math.min(interval, Math.max(0, this.next - this.now));
          this.wakeIn(this.again ? 0 : untilNext);
        });
    }, ms);
    this.timer.unref();
  }

  /** The clock read by the last evaluation: one read per tick, so tests can count ticks by reads. */
  private now = 0;

  /** One evaluation at the clock's now; returns the breaches this instance recorded. */
  async tick(): Promise<{ code: SlaCode; subject: string }[]> {
    const { governance, pipeline } = this.options;
    const now = (this.now = governance.clock.now());
    await this.index.catchUp(this.options.changes);
    const fired: { code: SlaCode; subject: string }[] = [];
    const { due, next } = await this.index.due(now);
    this.next = next;
    const events = due.flatMap((d) => {
      if (!isShipmentSlaCode(d.code)) return [];
      const breach = breachOf({ code: d.code, since: d.since }, governance.sla);
      return [{ code: breach.code, subject: d.shipmentId, event: breachEvent(d.shipmentId, breach) }];
    });
    const results = events.length ? await pipeline.ingestor.ingest(events.map((e) => e.event)) : [];
    results.forEach((r, i) => r.status === 'accepted' && fired.push({ code: events[i].code, subject: events[i].subject }));
    for (const held of await this.overdueHeld(now)) {
      if (await this.claim(`${held.key}|${held.heldAt}`)) fired.push({ code: SlaCode.HeldEvent, subject: held.key });
    }
    for (const f of fired) this.options.onFired?.(f.code);
    if (fired.length) this.options.logger.warn('SLA breaches recorded', { count: fired.length });
    return fired;
  }

  private async overdueHeld(now: number) {
    const cutoff = new Date(now - this.options.governance.sla.heldEventMs).toISOString();
    const members = (await this.options.pipeline.held.members(undefined, 10_000)).filter((m) => m.slice(0, m.indexOf('|')) <= cutoff);
    return (await this.options.pipeline.held.byMembers(members)).filter((h) => h !== null);
  }

  /** True for the one caller whose conditional commit creates the claim. */
  private async claim(id: string): Promise<boolean> {
    const uow = new UnitOfWork(this.options.ops);
    if (await uow.get(HELD_CLAIMS, id)) return false;
    uow.put(HELD_CLAIMS, id, { claimedAt: new Date(this.now).toISOString() });
    return uow.commit();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    await this.consumer?.dispose();
    await this.running;
  }
}
