import { EventType } from '../../../lib/events/types';
import type { Discrepancy } from './discrepancy';
import type { DiscrepancySigns } from './discrepancies';
import { discrepanciesOf, noDiscrepancySigns, noteDiscrepancySigns } from './discrepancies';
import type { Fact } from './fact';
import { byOccurrence, occurrenceKey } from './fact';
import { STATUS_OF_EVENT, STATUS_RANK, ShipmentStatus, TERMINAL_STATUSES } from './status-rules';

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

/**
 * Everything the fold needs to go on from where it stopped: stored with the projection, so a new
 * fact is folded in without reading the shipment's history (JSON-safe: no Maps).
 */
export interface FoldState extends Omit<DerivedShipment, 'exception' | 'discrepancies' | 'statusUpdatedAt'> {
  statusUpdatedAt: string | null;
  /** Open exceptions in the order they were first raised. */
  open: ShipmentException[];
  signs: DiscrepancySigns;
  /** `occurrenceKey` of the last fact folded: a fact sorting after it can be folded in directly. */
  last: string | null;
}

export function emptyFold(): FoldState {
  return {
    status: ShipmentStatus.ORDERED,
    statusUpdatedAt: null,
    eta: null,
    transport: null,
    open: [],
    signs: noDiscrepancySigns(),
    last: null,
  };
}

function moveTo(state: FoldState, status: ShipmentStatus, at: string): void {
  if (TERMINAL_STATUSES.has(state.status)) return;
  if (STATUS_RANK[status] <= STATUS_RANK[state.status]) return;
  state.status = status;
  state.statusUpdatedAt = at;
  // Once delivered or finished, open exceptions no longer ask anything of anyone.
  if (STATUS_RANK[status] >= STATUS_RANK.DELIVERED) state.open = [];
}

function transportOf(state: FoldState): TransportDetails {
  return (state.transport ??= { carrier: null, mode: null, trackingNumber: null, proofOfDelivery: null });
}

function openException(state: FoldState, exception: ShipmentException): void {
  const at = state.open.findIndex((e) => e.exceptionId === exception.exceptionId);
  if (at >= 0) state.open[at] = exception;
  else state.open.push(exception);
}

function applyFact(state: FoldState, fact: Fact): void {
  switch (fact.type) {
    case EventType.OrderCancelled:
      // Cancellation only takes effect before pickup; afterwards it is a discrepancy.
      if (STATUS_RANK[state.status] < STATUS_RANK.IN_TRANSIT) moveTo(state, ShipmentStatus.CANCELLED, fact.occurredAt);
      return;
    case EventType.ShipmentTendered: {
      const { carrier, mode, trackingNumber } = fact.data;
      const t = transportOf(state);
      t.carrier = { scac: carrier.scac, name: carrier.name ?? null };
      t.mode = mode ?? t.mode;
      t.trackingNumber = trackingNumber ?? t.trackingNumber;
      break;
    }
    case EventType.Delivered:
      transportOf(state).proofOfDelivery = {
        signedBy: fact.data.signedBy ?? null,
        podReference: fact.data.podReference ?? null,
        location: fact.data.location ?? null,
        deliveredAt: fact.occurredAt,
      };
      break;
    case EventType.EtaUpdated:
      state.eta = new Date(fact.data.eta).toISOString();
      return;
    case EventType.ExceptionRaised: {
      const { data } = fact;
      // LOST ends the shipment; the exception saying so stays open for reps (status and `exception` agree).
      if (data.reasonCode === 'LOST') moveTo(state, ShipmentStatus.LOST, fact.occurredAt);
      // Raised after a delivery or an end (damage found at the door, a claim): still open, so still shown.
      openException(state, {
        exceptionId: data.exceptionId,
        reasonCode: data.reasonCode,
        customerActionRequired: data.customerActionRequired === true,
        message: data.message ?? null,
        raisedAt: fact.occurredAt,
      });
      return;
    }
    case EventType.ExceptionResolved:
      state.open = state.open.filter((e) => e.exceptionId !== fact.data.exceptionId);
      return;
  }
  const status = STATUS_OF_EVENT[fact.type];
  if (status) moveTo(state, status, fact.occurredAt);
}

/** Folds one fact in; it must sort after every fact folded so far (see `canFoldIn`). */
export function foldFact(state: FoldState, fact: Fact): void {
  state.statusUpdatedAt ??= fact.occurredAt;
  applyFact(state, fact);
  noteDiscrepancySigns(state.signs, fact);
  state.last = occurrenceKey(fact);
}

/** Whether a fact comes after everything folded so far; if not, the fold is redone from all facts. */
export function canFoldIn(state: FoldState, fact: Fact): boolean {
  return state.last === null || occurrenceKey(fact) > state.last;
}

/** The fold of facts in occurrence order, whatever order they are given in. */
export function foldAll(facts: readonly Fact[]): FoldState {
  const state = emptyFold();
  for (const fact of [...facts].sort(byOccurrence)) foldFact(state, fact);
  return state;
}

export function derivedOf(state: FoldState): DerivedShipment {
  return {
    status: state.status,
    statusUpdatedAt: state.statusUpdatedAt ?? new Date(0).toISOString(),
    eta: state.eta,
    transport: state.transport,
    exception: state.open.length ? state.open.reduce((latest, e) => (e.raisedAt >= latest.raisedAt ? e : latest)) : null,
    discrepancies: discrepanciesOf(state.signs),
  };
}

/**
 * Unified status and its companions, from every system's facts about one shipment. A pure fold
 * over facts in occurrence order, so that the result does not depend on arrival order.
 */
export function deriveShipment(facts: readonly Fact[]): DerivedShipment {
  return derivedOf(foldAll(facts));
}
