import type { DocumentStore } from '../store/document-store';
import { withRetries } from '../store/unit-of-work';
import { typedEvent } from './event-data';
import type { CanonicalEvent } from './types';
import { EventType } from './types';

/**
 * What the door knows of shipments, kept from canonical events as they are stored (in the pipeline's
 * own store, like ownership): the carriers each was tendered to, and the references carriers name it
 * by. Ingest reads it to bind carriers to their shipments and to resolve carrier references; no
 * subgraph's store is read.
 */
export interface ShipmentFacts {
  /** `[shipment id, SCAC]` of a tender. */
  tenders: [string, string][];
  /** `[reference, shipment id]`: the Lading id, the ERP shipment number, the tracking/PRO number, the BOL. */
  references: [string, string][];
}

/** The facts an event adds; only ERP release, tender and loading add any. */
export function shipmentFacts(logged: CanonicalEvent): ShipmentFacts {
  const event = typedEvent(logged);
  const facts: ShipmentFacts = { tenders: [], references: [] };
  const refer = (value: string | null | undefined, shipment: string) => {
    if (value && value.trim() !== '') facts.references.push([value, shipment]);
  };
  if (event.type === EventType.OrderReleased) {
    for (const s of event.data.shipments) {
      refer(s.id, s.id);
      refer(s.number, s.id);
    }
  } else if (event.type === EventType.ShipmentTendered) {
    facts.tenders.push([event.subject, event.data.carrier.scac.trim().toUpperCase()]);
    refer(event.subject, event.subject);
    refer(event.data.trackingNumber, event.subject);
  } else if (event.type === EventType.ShipmentLoaded) {
    refer(event.subject, event.subject);
    refer(event.data.bol, event.subject);
  }
  return facts;
}

export function addsShipmentFacts(event: CanonicalEvent): boolean {
  return event.type === EventType.OrderReleased || event.type === EventType.ShipmentTendered || event.type === EventType.ShipmentLoaded;
}

export type Resolution = { ok: true; shipmentId: string } | { ok: false; reason: string };

const TENDERS = 'tenders';
const REFERENCES = 'shipment-refs';
// References are matched as carriers type them: surrounding space and letter case do not count.
const refKey = (value: string) => value.trim().toUpperCase();

interface Tender {
  carriers: string[];
}
interface Referenced {
  shipments: string[];
}

export class ShipmentRegistry {
  constructor(private readonly store: DocumentStore) {}

  /** Records what the event says, atomically; recording the same event again changes nothing. */
  async record(event: CanonicalEvent): Promise<void> {
    const { tenders, references } = shipmentFacts(event);
    if (tenders.length === 0 && references.length === 0) return;
    await withRetries(this.store, async (uow) => {
      const tenderIds = [...new Set(tenders.map(([shipment]) => shipment))];
      const refIds = [...new Set(references.map(([value]) => refKey(value)))];
      const [recordedTenders, recordedRefs] = await Promise.all([
        uow.getMany<Tender>(TENDERS, tenderIds),
        uow.getMany<Referenced>(REFERENCES, refIds),
      ]);
      tenderIds.forEach((id, i) => {
        const carriers = new Set(recordedTenders[i]?.carriers ?? []);
        const before = carriers.size;
        for (const [shipment, scac] of tenders) if (shipment === id) carriers.add(scac);
        if (carriers.size !== before) uow.put(TENDERS, id, { carriers: [...carriers].sort() } satisfies Tender);
      });
      refIds.forEach((key, i) => {
        const shipments = new Set(recordedRefs[i]?.shipments ?? []);
        const before = shipments.size;
        for (const [value, shipment] of references) if (refKey(value) === key) shipments.add(shipment);
        if (shipments.size !== before) uow.put(REFERENCES, key, { shipments: [...shipments].sort() } satisfies Referenced);
      });
    });
  }

  /** The carriers (SCACs) a shipment was tendered to, or null while it has not been tendered. */
  async carriersOf(shipmentId: string): Promise<string[] | null> {
    const [tender] = await this.store.getMany<Tender>(TENDERS, [shipmentId]);
    return tender ? tender.carriers : null;
  }

  /**
   * The shipment a carrier's references name (each a Lading id, ERP shipment number, tracking/PRO
   * number or BOL), tried in the order given: the first one known decides. When it names several
   * shipments, a carrier-bound caller's own tendered ones decide; otherwise it is ambiguous.
   * Reasons name only what was sent.
   */
  async resolve(references: readonly string[], carriers?: readonly string[]): Promise<Resolution> {
    // Looked up by key; named in reasons as sent (the first spelling of each).
    const sent = new Map<string, string>();
    for (const reference of references)
      if (refKey(reference) && !sent.has(refKey(reference))) sent.set(refKey(reference), reference.trim());
    const values = [...sent.keys()];
    if (values.length === 0) return { ok: false, reason: 'no shipment reference was sent' };
    const found = await this.store.getMany<Referenced>(REFERENCES, values);
    const at = found.findIndex((f) => f !== null && f.shipments.length > 0);
    if (at === -1) return { ok: false, reason: `no shipment is known by ${[...sent.values()].map((v) => `"${v}"`).join(', ')}` };
    let candidates = found[at]!.shipments;
    if (candidates.length > 1 && carriers) {
      const tendered = await this.store.getMany<Tender>(TENDERS, candidates);
      const own = candidates.filter((_, i) => tendered[i]?.carriers.some((c) => carriers.includes(c)));
      if (own.length > 0) candidates = own;
    }
    if (candidates.length > 1)
      return { ok: false, reason: `"${sent.get(values[at])}" names more than one shipment; send the Lading shipment id` };
    return { ok: true, shipmentId: candidates[0] };
  }
}
