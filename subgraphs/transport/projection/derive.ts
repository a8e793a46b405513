import { EventType } from '../../../lib/events/types';
import { Discrepancy, findDiscrepancies } from './discrepancies';
import { Fact, byOccurrence } from './fact';
import { STATUS_OF_EVENT, STATUS_RANK, ShipmentStatus, TERMINAL_STATUSES } from './status-rules';
import { optionalString } from '../../../lib/events/event-data';

export interface ShipmentException {
  exceptionId: string;
  reasonCode: string;
  customerActionRequired: boolean;
  message: string | null;
  raisedAt: string;
}

export interface TransportDetails {
  carrier: { scac: string; name: string | null } | null;
  mode: string | null;
  trackingNumber: string | null;
  proofOfDelivery: { signedBy: string | null; podReference: string | null; location: string | null; deliveredAt: string } | null;
}

export interface DerivedShipment {
  status: ShipmentStatus;
  statusUpdatedAt: string;
  exception: ShipmentException | null;
  eta: string | null;
  transport: TransportDetails | null;
  discrepancies: Discrepancy[];
}

interface FoldState extends Omit<DerivedShipment, 'exception' | 'discrepancies'> {
  open: Map<string, ShipmentException>;
}

function moveTo(state: FoldState, status: ShipmentStatus, at: string): void {
  if (TERMINAL_STATUSES.has(state.status)) return;
  if (STATUS_RANK[status] <= STATUS_RANK[state.status]) return;
  state.status = status;
  state.statusUpdatedAt = at;
  // Once delivered or finished, open exceptions no longer ask anything of anyone.
  if (STATUS_RANK[status] >= STATUS_RANK.DELIVERED) state.open.clear();
}

function transportOf(state: FoldState): TransportDetails {
  return (state.transport ??= { carrier: null, mode: null, trackingNumber: null, proofOfDelivery: null });
}

function applyFact(state: FoldState, fact: Fact): void {
  const { data } = fact;
  switch (fact.type) {
    case EventType.OrderCancelled:
      // Cancellation only takes effect before pickup; afterwards it is a discrepancy.
      if (STATUS_RANK[state.status] < STATUS_RANK.IN_TRANSIT) moveTo(state, ShipmentStatus.CANCELLED, fact.occurredAt);
      return;
    case EventType.ShipmentTendered: {
      const t = transportOf(state);
      const carrier = data.carrier as { scac: string; name?: string };
      t.carrier = { scac: carrier.scac, name: optionalString(carrier.name) };
      t.mode = optionalString(data.mode) ?? t.mode;
      t.trackingNumber = optionalString(data.trackingNumber) ?? t.trackingNumber;
      break;
    }
    case EventType.Delivered:
      transportOf(state).proofOfDelivery = {
        signedBy: optionalString(data.signedBy),
        podReference: optionalString(data.podReference),
        location: optionalString(data.location),
        deliveredAt: fact.occurredAt,
      };
      break;
    case EventType.EtaUpdated:
      state.eta = new Date(data.eta as string).toISOString();
      return;
    case EventType.ExceptionRaised:
      if (data.reasonCode === 'LOST') return moveTo(state, ShipmentStatus.LOST, fact.occurredAt);
      if (TERMINAL_STATUSES.has(state.status) || STATUS_RANK[state.status] >= STATUS_RANK.DELIVERED) return;
      state.open.set(data.exceptionId as string, {
        exceptionId: data.exceptionId as string,
        reasonCode: data.reasonCode as string,
        customerActionRequired: data.customerActionRequired === true,
        message: optionalString(data.message),
        raisedAt: fact.occurredAt,
      });
      return;
    case EventType.ExceptionResolved:
      state.open.delete(data.exceptionId as string);
      return;
  }
  const status = STATUS_OF_EVENT[fact.type];
  if (status) moveTo(state, status, fact.occurredAt);
}

/**
 * Unified status and its companions, from every system's facts about one shipment. A pure fold
 * over facts in occurrence order, so that the result does not depend on arrival order.
 */
export function deriveShipment(facts: readonly Fact[]): DerivedShipment {
  const sorted = [...facts].sort(byOccurrence);
  const state: FoldState = {
    status: ShipmentStatus.ORDERED,
    statusUpdatedAt: sorted[0]?.occurredAt ?? new Date(0).toISOString(),
    eta: null,
    transport: null,
    open: new Map(),
  };
  for (const fact of sorted) applyFact(state, fact);
  const open = [...state.open.values()];
  return {
    status: state.status,
    statusUpdatedAt: state.statusUpdatedAt,
    eta: state.eta,
    transport: state.transport,
    exception: open.length ? open.reduce((latest, e) => (e.raisedAt >= latest.raisedAt ? e : latest)) : null,
    discrepancies: findDiscrepancies(sorted),
  };
}
