import type { Stamped } from '../../../lib/changes/change-stream';
import { ChangeStreamName } from '../../../lib/changes/change-stream';
import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import type { SlaRules } from '../../../lib/governance';
import type { DocumentStore } from '../../../lib/store/document-store';
import { UnitOfWork } from '../../../lib/store/unit-of-work';
import { SLA_OFFSETS, SLA_SHIPMENTS, dueMember, parseDueMember, slaIndex } from './keys';
import { breachOf } from '../../../lib/sla/sla-catalogue';

const PAGE = 500;

export type DueBreach = ReturnType<typeof parseDueMember>;

interface Tracked {
  version: number;
  members: string[];
}

interface Offset {
  after: string;
}

/**
 * The SLA scheduler's own index of breaches to come, by due time, kept from the `shipments`
 * change stream (each change carries the shipment's status and SLA signs): the scheduler reads
 * this, never the transport subgraph's store. Due times follow from the rules in force when the
 * change was indexed.
 */
export class SlaDueIndex {
  constructor(
    private readonly documents: DocumentStore,
    private readonly rules: SlaRules,
  ) {}

  async offset(): Promise<string | null> {
    return (await this.documents.getMany<Offset>(SLA_OFFSETS, [ChangeStreamName.Shipments]))[0]?.after ?? null;
  }

  /**
   * Indexes a page of changes and moves the offset, in one commit conditional on the offset read
   * (another instance that moved it indexed the same page). A shipment's older change than the
   * one indexed (a page read again) changes nothing. Returns the earliest due time it indexed
   * (null: none, or another instance indexed the page).
   */
  async apply(page: readonly Stamped<ShipmentChange>[], advance: { from: string | null; to: string }): Promise<number | null> {
    const uow = new UnitOfWork(this.documents);
    const latest = new Map(page.map((change) => [change.shipmentId, change]));
    const ids = [...latest.keys()];
    const [offset, tracked] = await Promise.all([
      uow.get<Offset>(SLA_OFFSETS, ChangeStreamName.Shipments),
      uow.getMany<Tracked>(SLA_SHIPMENTS, ids),
    ]);
    if ((offset?.after ?? null) !== advance.from) return null;
    let earliest: number | null = null;
    ids.forEach((id, i) => {
      const change = latest.get(id)!;
      const before = tracked[i];
      if (before && before.version >= change.version) return;
      const pending = change.slaClocks.map((clock) => breachOf(clock, this.rules));
      const members = pending.map((b) => dueMember(id, b));
      for (const m of before?.members ?? []) if (!members.includes(m)) uow.unindex(slaIndex.due, m);
      for (const m of members) if (!before?.members.includes(m)) uow.index(slaIndex.due, m);
      for (const b of pending) earliest = Math.min(earliest ?? Infinity, Date.parse(b.dueAt));
      uow.put(SLA_SHIPMENTS, id, { version: change.version, members } satisfies Tracked);
    });
    uow.put(SLA_OFFSETS, ChangeStreamName.Shipments, { after: advance.to } satisfies Offset);
    return (await uow.commit()) ? earliest : null;
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
}
