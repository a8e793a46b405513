import type { CanonicalEvent } from './types';
import { EventType } from './types';

/**
 * How urgently an event must be applied (docs/events.md#synchronisation-classes). Each class is a
 * lane of the log: consumers read the lanes in this order and never let a lower one hold up a
 * higher one, while one aggregate's events still apply in log order across lanes.
 */
export const SyncClass = { Realtime: 'realtime', NearRealtime: 'near_realtime', Bulk: 'bulk' } as const;
export type SyncClass = (typeof SyncClass)[keyof typeof SyncClass];

/** The classes from the most urgent; a class's index here is its lane. */
export const SYNC_CLASSES: readonly SyncClass[] = [SyncClass.Realtime, SyncClass.NearRealtime, SyncClass.Bulk];

export function isSyncClass(value: string): value is SyncClass {
  return (SYNC_CLASSES as readonly string[]).includes(value);
}

/** The lane (index into SYNC_CLASSES) of a class. */
export function laneOf(syncClass: SyncClass): number {
  return SYNC_CLASSES.indexOf(syncClass);
}

/**
 * Every type's class by business criticality: what a customer or a rep acts on (an exception, a
 * delivery, a new ETA, a tender decision, an order change) is real-time; warehouse execution,
 * pickup and money movements are near-real-time; high-volume traffic that only refines what is
 * known (in-transit scans, stock counts, carrier invoices awaiting matching) is bulk.
 */
export const DEFAULT_SYNC_CLASSES: Readonly<Record<EventType, SyncClass>> = {
  [EventType.OrderCreated]: SyncClass.Realtime,
  [EventType.OrderReleased]: SyncClass.Realtime,
  [EventType.OrderCancelled]: SyncClass.Realtime,
  [EventType.PickConfirmed]: SyncClass.NearRealtime,
  [EventType.PackConfirmed]: SyncClass.NearRealtime,
  [EventType.ShipmentLoaded]: SyncClass.NearRealtime,
  [EventType.InventoryAdjusted]: SyncClass.Bulk,
  [EventType.ShipmentTendered]: SyncClass.Realtime,
  [EventType.TenderAccepted]: SyncClass.Realtime,
  [EventType.TenderRejected]: SyncClass.Realtime,
  [EventType.PickedUp]: SyncClass.NearRealtime,
  [EventType.InTransit]: SyncClass.Bulk,
  [EventType.EtaUpdated]: SyncClass.Realtime,
  [EventType.OutForDelivery]: SyncClass.Realtime,
  [EventType.DeliveryAttempted]: SyncClass.Realtime,
  [EventType.AvailableForPickup]: SyncClass.Realtime,
  [EventType.Delivered]: SyncClass.Realtime,
  [EventType.ReturnStarted]: SyncClass.Realtime,
  [EventType.Returned]: SyncClass.Realtime,
  [EventType.ExceptionRaised]: SyncClass.Realtime,
  [EventType.ExceptionResolved]: SyncClass.Realtime,
  [EventType.ChargeRecorded]: SyncClass.NearRealtime,
  [EventType.AccrualCreated]: SyncClass.NearRealtime,
  [EventType.InvoiceApproved]: SyncClass.NearRealtime,
  [EventType.InvoicePosted]: SyncClass.NearRealtime,
  [EventType.PaymentReceived]: SyncClass.NearRealtime,
  [EventType.CarrierInvoiceReceived]: SyncClass.Bulk,
  [EventType.CarrierSlaBreached]: SyncClass.Realtime,
  [EventType.FinanceSlaBreached]: SyncClass.Realtime,
};

/** One override of `LADING_SYNC_CLASSES`: events of `type` (`*`: any) from `source` (undefined: any) are of `syncClass`. */
export interface SyncClassOverride {
  source?: string;
  type: EventType | '*';
  syncClass: SyncClass;
}

/**
 * Parses `LADING_SYNC_CLASSES`: comma-separated `[source|]type=class`, e.g.
 * `tms.shipment.eta_updated=near_realtime, urn:carrier:acme|*=bulk`. `|` cannot occur unescaped in
 * a URI, so it never splits a source. Throws naming the item that is not understood.
 */
export function parseSyncClassOverrides(raw: string): SyncClassOverride[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const equals = item.lastIndexOf('=');
      const target = equals < 0 ? '' : item.slice(0, equals).trim();
      const syncClass = equals < 0 ? '' : item.slice(equals + 1).trim();
      const bar = target.indexOf('|');
      const source = bar < 0 ? undefined : target.slice(0, bar).trim();
      const type = bar < 0 ? target : target.slice(bar + 1).trim();
      if (!isSyncClass(syncClass)) throw new Error(`"${item}": the class after = is one of ${SYNC_CLASSES.join(', ')}`);
      if (type !== '*' && !(Object.values(EventType) as string[]).includes(type))
        throw new Error(`"${item}": "${type}" is not an event type (nor *)`);
      if (source === '') throw new Error(`"${item}": the source before | is empty`);
      return { ...(source !== undefined && { source }), type: type as EventType | '*', syncClass };
    });
}

/**
 * The class of an event: the most specific override that matches (source and type, then source
 * alone, then type alone), else the type's default.
 */
export function syncClassifier(
  overrides: readonly SyncClassOverride[] = [],
): (event: Pick<CanonicalEvent, 'source' | 'type'>) => SyncClass {
  if (overrides.length === 0) return (event) => DEFAULT_SYNC_CLASSES[event.type];
  const rank = (o: SyncClassOverride) => (o.source !== undefined ? 2 : 0) + (o.type !== '*' ? 1 : 0);
  const ordered = [...overrides].sort((a, b) => rank(b) - rank(a));
  return (event) =>
    ordered.find((o) => (o.source === undefined || o.source === event.source) && (o.type === '*' || o.type === event.type))?.syncClass ??
    DEFAULT_SYNC_CLASSES[event.type];
}
