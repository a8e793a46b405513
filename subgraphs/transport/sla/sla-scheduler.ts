import type { EventPipeline } from '../../../lib/events/pipeline';
import type { GovernanceOptions } from '../../../lib/governance';
import type { Logger } from '../../../lib/logger';
import type { DocumentStore } from '../../../lib/store/document-store';
import { UnitOfWork } from '../../../lib/store/unit-of-work';
import { ShipmentStatus } from '../domain/status-rules';
import { SHIPMENTS, shipmentIndex } from '../store/keys';
import type { ShipmentProjection } from '../domain/shipment-projection';
import { slaSignsOf } from './breach-members';
import { SlaCode, breachEvent } from '../../../lib/sla/sla-catalogue';
import { dueBreaches } from '../domain/sla-signs';

export interface SlaSchedulerOptions {
  /** The transport subgraph's store (shipments). */
  documents: DocumentStore;
  /** The pipeline's own store (held events), where held-event breaches are claimed. */
  ops: DocumentStore;
  pipeline: EventPipeline;
  governance: GovernanceOptions;
  logger: Logger;
  /** Told once per breach, by the one instance that recorded it. */
  onFired?(code: SlaCode): void;
}

/** Only these statuses can breach a shipment rule; the scheduler reads just their indexes. */
const CANDIDATE_STATUSES = [ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERED];
const PAGE = 500;
const HELD_CLAIMS = 'slaHeldBreaches';

/**
 * Evaluates the SLA rules against the clock. A shipment breach is recorded as an event through the
 * ingest path, its id derived from (rule, shipment, clock start): with several schedulers on one
 * Redis, the log's deduplication lets exactly one of them record it. A held-event breach is claimed
 * with a conditional commit of one key per (rule, event), which again only one instance wins.
 */
export class SlaScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: SlaSchedulerOptions) {}

  start(): this {
    const { slaIntervalMs } = this.options.governance;
    if (slaIntervalMs > 0) {
      this.timer = setInterval(() => {
        if (this.running) return;
        this.running = this.tick()
          .catch((error) => this.options.logger.error('SLA evaluation failed; will retry', { error }))
          .finally(() => (this.running = undefined));
      }, slaIntervalMs);
      this.timer.unref();
    }
    return this;
  }

  /** One evaluation at the clock's now; returns the breaches this instance recorded. */
  async tick(): Promise<{ code: SlaCode; subject: string }[]> {
    const fired: { code: SlaCode; subject: string }[] = [];
    const { governance, pipeline, documents } = this.options;
    const now = governance.clock.now();
    for (const status of CANDIDATE_STATUSES) {
      for (let after: string | undefined; ;) {
        const ids = await documents.range(shipmentIndex.byStatus(status), { after, first: PAGE });
        const shipments = (await documents.getMany<ShipmentProjection>(SHIPMENTS, ids)).filter((s): s is ShipmentProjection => s !== null);
        const due = shipments.flatMap((s) =>
          dueBreaches(slaSignsOf(s), s.derived.status, now, governance.sla).map((b) => ({
            code: b.code,
            subject: s.id,
            event: breachEvent(s.id, b),
          })),
        );
        const results = due.length ? await pipeline.ingestor.ingest(due.map((d) => d.event)) : [];
        results.forEach((r, i) => r.status === 'accepted' && fired.push({ code: due[i].code, subject: due[i].subject }));
        if (ids.length < PAGE) break;
        after = ids[ids.length - 1];
      }
    }
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
    uow.put(HELD_CLAIMS, id, { claimedAt: new Date(this.options.governance.clock.now()).toISOString() });
    return uow.commit();
  }

  async dispose(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
