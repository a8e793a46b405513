import { EventType } from './types';

/**
 * Shape of each event type's `data` (CONTRACT §4). A key ending in `!` is required; a value is a
 * scalar kind, a nested spec, or a one-element array holding the spec of its items.
 */
export type ScalarKind =
  | 'string' | 'number' | 'boolean' | 'datetime' | 'decimal' | 'currency' | 'reasonCode' | 'object'
  // Quantities that count things are integers: ordered and released units are positive, picked
  // and short units may be zero, an inventory adjustment moves at least one unit either way.
  | 'count' | 'countOrZero' | 'nonZeroCount' | 'nonNegativeNumber';
export type Spec = { [key: string]: ScalarKind | Spec | [Spec] };

const money: Spec = { 'amount!': 'decimal', 'currency!': 'currency' };
const optionalMoney: Spec = { amount: 'decimal', currency: 'currency' };
const location: Spec = { location: 'string' };
const slaBreach: Spec = { 'rule!': 'string', 'code!': 'string', 'since!': 'datetime', 'dueAt!': 'datetime', message: 'string' };

export const DATA_SPECS: Record<EventType, Spec> = {
  [EventType.OrderCreated]: {
    'number!': 'string',
    'customer!': { 'id!': 'string', 'name!': 'string' },
    'lines!': [{ 'sku!': 'string', 'quantity!': 'count', uom: 'string', description: 'string' }],
    shipTo: 'object',
    requestedDeliveryDate: 'string',
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
    'carrier!': { 'scac!': 'string', name: 'string' },
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
    'carrier!': { 'scac!': 'string', name: 'string' },
    'amount!': money,
    lines: [{ description: 'string', amount: optionalMoney }],
  },
  [EventType.CarrierSlaBreached]: slaBreach,
  [EventType.FinanceSlaBreached]: slaBreach,
};
