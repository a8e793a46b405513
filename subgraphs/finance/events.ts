import type { EventHandler, EventHandlers } from '../../lib/events/applier';
import type { ShipmentRef } from '../../lib/events/directory';
import type { Fold } from '../../lib/events/fold';
import { existing } from '../../lib/events/fold';
import { EventType } from '../../lib/events/types';
import { optionalMoney } from '../../lib/money';
import {
  accrualCreated,
  billingReleased,
  carrierInvoiceReceived,
  chargeRecorded,
  invoiceApproved,
  invoicePosted,
  paymentReceived,
  shipmentTendered,
} from './domain/billing-fold';
import { accrualFor, ratedChargeFor } from './domain/reactions';
import type { BillingRecord } from './domain/records';
import { BILLING, SHIPMENT_REFS } from './store/keys';

/** A handler that loads the shipment's billing record, folds the event in and stores it. */
function billingChange<T extends EventType>(fold: Fold<BillingRecord, T>): EventHandler<T> {
  return async ({ uow, event }) => {
    uow.put(BILLING, event.subject, fold(await uow.get<BillingRecord>(BILLING, event.subject), event));
  };
}

/** How the finance subgraph's state changes, including its reactions to TMS events; the rules are in domain/. */
export const financeHandlers: EventHandlers = {
  async [EventType.OrderReleased]({ uow, event }) {
    const ids = event.data.shipments.map((s) => s.id);
    const [refs, records] = await Promise.all([uow.getMany<ShipmentRef>(SHIPMENT_REFS, ids), uow.getMany<BillingRecord>(BILLING, ids)]);
    refs.forEach((ref, i) => {
      if (!ref) return;
      const record = billingReleased(records[i], ref);
      if (record !== records[i]) uow.put(BILLING, ref.id, record);
    });
  },

  async [EventType.ShipmentTendered](context) {
    await billingChange(shipmentTendered)(context);
    const ratedCost = optionalMoney(context.event.data.ratedCost);
    if (ratedCost) context.emit(ratedChargeFor(context.event, ratedCost));
  },

  async [EventType.Delivered]({ uow, event, emit }) {
    const record = existing(await uow.get<BillingRecord>(BILLING, event.subject), `billing record of shipment ${event.subject}`);
    emit(accrualFor(event, record.ratedCost));
  },

  [EventType.CarrierInvoiceReceived]: billingChange(carrierInvoiceReceived),
  [EventType.ChargeRecorded]: billingChange(chargeRecorded),
  [EventType.AccrualCreated]: billingChange(accrualCreated),
  [EventType.InvoiceApproved]: billingChange(invoiceApproved),
  [EventType.InvoicePosted]: billingChange(invoicePosted),
  [EventType.PaymentReceived]: billingChange(paymentReceived),
};
