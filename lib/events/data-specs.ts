import type { ReasonCode } from './types';
import { EventType } from './types';

/**
 * Shape of each event type's `data` (docs/contract.md §5). A key ending in `!` is required; a value is a
 * scalar kind, a nested spec, or a one-element array holding the spec of its items. The specs are
 * literal (`as const`): validation reads them at run time, `DataOf` reads them at compile time, so
 * the type a handler sees is the shape ingest enforced, spelled once.
 */
export type ScalarKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'datetime'
  // A day, as a calendar date (`2026-11-05`); a date-time is taken too, as senders did before.
  | 'date'
  | 'decimal'
  | 'currency'
  | 'reasonCode'
  | 'object'
  // Quantities that count things are integers: ordered and released units are positive, picked
  // and short units may be zero, an inventory adjustment moves at least one unit either way.
  | 'count'
  | 'countOrZero'
  | 'nonZeroCount'
  | 'nonNegativeNumber';
export type SpecValue = ScalarKind | Spec | readonly [Spec];
export type Spec = { readonly [key: string]: SpecValue };

/** Whether a value spec is `[itemSpec]` (`Array.isArray` does not narrow readonly tuples). */
export function isListSpec(spec: SpecValue): spec is readonly [Spec] {
  return Array.isArray(spec);
}

const money = { 'amount!': 'decimal', 'currency!': 'currency' } as const;
const optionalMoney = { amount: 'decimal', currency: 'currency' } as const;
const location = { location: 'string' } as const;
const carrier = { 'scac!': 'string', name: 'string' } as const;
const slaBreach = { 'rule!': 'string', 'code!': 'string', 'since!': 'datetime', 'dueAt!': 'datetime', message: 'string' } as const;

export const DATA_SPECS = {
  [EventType.OrderCreated]: {
    'number!': 'string',
    'customer!': { 'id!': 'string', 'name!': 'string' },
    'lines!': [{ 'sku!': 'string', 'quantity!': 'count', uom: 'string', description: 'string' }],
    shipTo: 'object',
    requestedDeliveryDate: 'date',
    currency: 'currency',
  },
  [EventType.OrderReleased]: {
    'shipments!': [{ 'id!': 'string', 'number!': 'string', 'warehouseId!': 'string', lines: [{ sku: 'string', quantity: 'count' }] }],
  },
  [EventType.OrderCancelled]: { 'reason!': 'string' },
  [EventType.PickConfirmed]: {
    'warehouseId!': 'string',
    lines: [{ sku: 'string', quantity: 'countOrZero', shortQuantity: 'countOrZero' }],
  },
  [EventType.PackConfirmed]: { 'packages!': [{ 'id!': 'string', sscc: 'string', weightKg: 'nonNegativeNumber' }] },
  [EventType.ShipmentLoaded]: { trailer: 'string', seal: 'string', bol: 'string' },
  [EventType.InventoryAdjusted]: { 'warehouseId!': 'string', 'sku!': 'string', 'quantityDelta!': 'nonZeroCount', reasonCode: 'string' },
  [EventType.ShipmentTendered]: {
    'carrier!': carrier,
    mode: 'string',
    trackingNumber: 'string',
    ratedCost: optionalMoney,
  },
  [EventType.TenderAccepted]: { reasonCode: 'reasonCode' },
  [EventType.TenderRejected]: { reasonCode: 'reasonCode' },
  [EventType.PickedUp]: location,
  [EventType.InTransit]: location,
  [EventType.EtaUpdated]: { 'eta!': 'datetime' },
  [EventType.OutForDelivery]: location,
  [EventType.DeliveryAttempted]: { 'reasonCode!': 'reasonCode', location: 'string' },
  [EventType.AvailableForPickup]: location,
  [EventType.Delivered]: { signedBy: 'string', podReference: 'string', location: 'string' },
  [EventType.ReturnStarted]: { reasonCode: 'reasonCode', location: 'string' },
  [EventType.Returned]: location,
  [EventType.ExceptionRaised]: {
    'exceptionId!': 'string',
    'reasonCode!': 'reasonCode',
    customerActionRequired: 'boolean',
    message: 'string',
  },
  [EventType.ExceptionResolved]: { 'exceptionId!': 'string' },
  [EventType.ChargeRecorded]: { 'chargeId!': 'string', 'type!': 'string', 'amount!': money, stage: 'string' },
  [EventType.AccrualCreated]: { 'accrualId!': 'string', 'amount!': money },
  [EventType.InvoiceApproved]: { 'invoiceNumber!': 'string', 'total!': optionalMoney },
  [EventType.InvoicePosted]: { 'invoiceNumber!': 'string' },
  [EventType.PaymentReceived]: { 'invoiceNumber!': 'string' },
  [EventType.CarrierInvoiceReceived]: {
    'invoiceNumber!': 'string',
    'carrier!': carrier,
    'amount!': money,
    lines: [{ description: 'string', amount: optionalMoney }],
  },
  [EventType.CarrierSlaBreached]: slaBreach,
  [EventType.FinanceSlaBreached]: slaBreach,
} as const satisfies Record<EventType, Spec>;

/** The TypeScript type of a scalar kind's values. */
interface ScalarTypes {
  string: string;
  number: number;
  boolean: boolean;
  datetime: string;
  date: string;
  decimal: string;
  currency: string;
  reasonCode: ReasonCode;
  object: Record<string, unknown>;
  count: number;
  countOrZero: number;
  nonZeroCount: number;
  nonNegativeNumber: number;
}

type ValueOf<V> = V extends ScalarKind ? ScalarTypes[V] : V extends readonly [infer Item] ? DataOf<Item>[] : DataOf<V>;
type RequiredKey<K> = K extends `${infer Name}!` ? Name : never;
type OptionalKey<K> = K extends `${string}!` ? never : K;

/**
 * The data a spec admits: `key!` fields required, the others optional. Validation treats an
 * explicit `null` as absent, so an optional field may be `null` too. Fields outside the spec pass
 * validation and are kept, but nothing may rely on them, so the type leaves them out.
 */
export type DataOf<S> = Flatten<
  { -readonly [K in keyof S as RequiredKey<K>]: ValueOf<S[K]> } & { -readonly [K in keyof S as OptionalKey<K>]?: ValueOf<S[K]> | null }
>;
type Flatten<T> = { [K in keyof T]: T[K] };

/** Each event type's `data` type, derived from `DATA_SPECS`. */
export type EventDataMap = { [T in EventType]: DataOf<(typeof DATA_SPECS)[T]> };
