import { DateTime } from '../../../lib/graphql/date-time';
import { canSeeCustomer } from '../../../lib/identity/identity';
import { billingStatus } from '../domain/billing-status';
import { settlementOf } from '../domain/settlement';
import { FinanceContext } from '../context';
import { BillingRecord } from '../domain/records';

export const financeResolvers = {
  DateTime,
  Shipment: {
    /** The billing record stands for the shipment; another customer's shipment is null. */
    async __resolveReference(reference: { id: string }, context: FinanceContext) {
      const record = await context.loaders.billing.load(reference.id);
      if (!record || !context.identity || !canSeeCustomer(context.identity, record.customerId)) return null;
      return { id: reference.id, record };
    },
    charges: (shipment: { record: BillingRecord }) => shipment.record.charges,
    billing: (shipment: { record: BillingRecord }) => shipment.record,
  },
  Billing: {
    status: (record: BillingRecord) => billingStatus(record),
    settlementStatus: (record: BillingRecord) => settlementOf(record).status,
    settlement: (record: BillingRecord) => settlementOf(record),
    carrierInvoices: (record: BillingRecord) => record.carrierInvoices ?? [],
  },
  CarrierInvoice: {
    carrier: (invoice: { carrierScac: string }) => ({ scac: invoice.carrierScac }),
  },
};
