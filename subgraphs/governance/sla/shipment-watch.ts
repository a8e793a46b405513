import type { ChangeStreams, Stamped } from '../../../lib/changes/change-stream';
import { ChangeStreamName } from '../../../lib/changes/change-stream';
import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import type { SlaRules } from '../../../lib/governance';
import type { Breach } from '../../../lib/sla/sla-catalogue';
import { breachOf } from '../../../lib/sla/sla-catalogue';
import type { DocumentStore } from '../../../lib/store/document-store';
import { UnitOfWork } from '../../../lib/store/unit-of-work';
import { stagesReachedBy } from '../operations/funnel';
import { SLA_OFFSETS, SLA_SHIPMENTS, dueMember, openMember, parseDueMember, slaIndex } from './keys';

const PAGE = 500;
const CATCH_UP_PAGE = 200;

export type DueBreach = ReturnType<typeof parseDueMember>;

/** What governance knows of one shipment, from its latest change. */
export interface WatchedShipment {
  id: string;
  version: number;
  customerId: string;
  status: string;
  /** Its members in the due index: breaches to come. */
  due: string[];
  /** Recorded breaches whose late event has not arrived. */
  open: Breach[];
  discrepancies: string[];
  /** Funnel stages its changes reached (operations/funnel.ts), in any order. */
  reached: string[];
}

interface Offset {
  after: string;
}

/**
 * Governance's own view of the shipments, kept from the `shipments` change stream (each change
 * carries status, SLA signs and clocks, discrepancies): breaches to come by due time (the SLA
 * scheduler's), open breaches (`slaBreaches`), status, discrepancies and funnel stages (the
 * operations overview). It never reads the transport subgraph's store. Due times follow from the
 * rules in force when a change was watched.
 */
export class ShipmentWatch {
  constructor(
    private readonly documents: DocumentStore,
    private readonly rules: SlaRules,
  ) {}

  async offset(): Promise<string | null> {
    return (await this.documents.getMany<Offset>(SLA_OFFSETS, [ChangeStreamName.Shipments]))[0]?.after ?? null;
  }

  /**
   * Watches a page of changes and moves the offset, in one commit conditional on the offset read
   * (another instance that moved it watched the same page). A shipment's change older than the one
   * watched (a page read again) changes nothing but the funnel stages, which only ever grow.
   * Returns the earliest due time it indexed (null: none, or another instance watched the page).
   */
  async apply(page: readonly Stamped<ShipmentChange>[], advance: { from: string | null; to: string }): Promise<number | null> {
    const uow = new UnitOfWork(this.documents);
    const latest = new Map(page.map((change) => [change.shipmentId, change]));
    const ids = [...latest.keys()];
    const [offset, watched] = await Promise.all([
      uow.get<Offset>(SLA_OFFSETS, ChangeStreamName.Shipments),
      uow.getMany<WatchedShipment>(SLA_SHIPMENTS, ids),
    ]);
    if ((offset?.after ?? null) !== advance.from) return null;
    let earliest: number | null = null;
    ids.forEach((id, i) => {
      const change = latest.get(id)!;
      const before = watched[i];
      const reached = new Set(before?.reached ?? []);
      for (const c of page) if (c.shipmentId === id) for (const stage of stagesReachedBy(c.eventType)) reached.add(stage);
      if (before && before.version >= change.version) {
        if (reached.size > before.reached.length) uow.put(SLA_SHIPMENTS, id, { ...before, reached: [...reached] });
        return;
      }
      const pending = change.slaClocks.map((clock) => breachOf(clock, this.rules));
      const due = pending.map((b) => dueMember(id, b));
      syncMembers(uow, slaIndex.due, before?.due ?? [], due);
      const open = change.sla.open;
      syncMembers(
        uow,
        slaIndex.open,
        (before?.open ?? []).map((b) => openMember(id, b)),
        open.map((b) => openMember(id, b)),
      );
      if (!before) uow.index(slaIndex.shipments, id);
      for (const b of pending) earliest = Math.min(earliest ?? Infinity, Date.parse(b.dueAt));
      uow.put(SLA_SHIPMENTS, id, {
        id,
        version: change.version,
        customerId: change.customerId,
        status: change.shipment.status,
        due,
        open,
        discrepancies: change.shipment.discrepancies.map((d) => d.code),
        reached: [...reached],
      } satisfies WatchedShipment);
    });
    uow.put(SLA_OFFSETS, ChangeStreamName.Shipments, { after: advance.to } satisfies Offset);
    return (await uow.commit()) ? earliest : null;
  }

  /** Reads the change stream up to its end, so what is read next is current (a read that needs it now). */
  async catchUp(changes: ChangeStreams): Promise<void> {
    for (;;) {
      const from = await this.offset();
      const page = await changes.read<ShipmentChange>(ChangeStreamName.Shipments, from ?? undefined, CATCH_UP_PAGE);
      if (page.length === 0) return;
      await this.apply(page, { from, to: page[page.length - 1].id });
    }
  }

  /** Breaches due at `now`, oldest due first, and when the next one after them is due (null: none is). */
  async due(now: number): Promise<{ due: DueBreach[]; next: number | null }> {
    const due: DueBreach[] = [];
    for (let after: string | undefined; ;) {
      const members = await this.documents.range(slaIndex.due, { after, first: PAGE });
      for (const member of members) {
        const parsed = parseDueMember(member);
        if (Date.parse(parsed.dueAt) > now) return { due, next: Date.parse(parsed.dueAt) };
        due.push(parsed);
      }
      if (members.length < PAGE) return { due, next: null };
      after = members[members.length - 1];
    }
  }

  /** Members of the open-breach index, oldest due first. */
  openMembers(limit: number): Promise<string[]> {
    return this.documents.range(slaIndex.open, { first: limit });
  }

  /** Every shipment watched, a page at a time. */
  async *shipments(): AsyncGenerator<WatchedShipment[]> {
    for (let after: string | undefined; ;) {
      const ids = await this.documents.range(slaIndex.shipments, { after, first: PAGE });
      yield (await this.get(ids)).filter((s): s is WatchedShipment => s !== null);
      if (ids.length < PAGE) return;
      after = ids[ids.length - 1];
    }
  }

  get(ids: readonly string[]): Promise<(WatchedShipment | null)[]> {
    return this.documents.getMany<WatchedShipment>(SLA_SHIPMENTS, ids);
  }
}

function syncMembers(uow: UnitOfWork, index: string, was: readonly string[], now: readonly string[]): void {
  for (const m of was) if (!now.includes(m)) uow.unindex(index, m);
  for (const m of now) if (!was.includes(m)) uow.index(index, m);
}
