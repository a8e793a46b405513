import { DateTime } from '../../../lib/graphql/date-time';
import { canSeeCustomer } from '../../../lib/identity/identity';
import { billingStatus } from '../domain/billing-status';
import { settlementOf } from '../domain/settlement';
import type { Resolvers } from '../generated/resolvers';

export const financeResolvers: Resolvers = {
  DateTime,
  Shipment: {
    /** The billing record stands for the shipment; another customer's shipment is null. */
    async __resolveReference(reference, context) {
      const record = await context.loaders.billing.load(reference.id);
      if (!record || !context.identity || !canSeeCustomer(context.identity, record.customerId)) return null;
      return { id: reference.id, record };
    },
    charges: (shipment) => shipment.record.charges,
    billing: (shipment) => shipment.record,
  },
  Billing: {
    status: (record) => billingStatus(record),
    settlementStatus: (record) => settlementOf(record).status,
    settlement: (record) => settlementOf(record),
    carrierInvoices: (record) => record.carrierInvoices ?? [],
  },
  // Spelled out so that tsc holds the domain's statuses to the SDL enum (generated/resolvers.ts).
  CustomerInvoice: {
    status: (invoice) => invoice.status,
  },
  CarrierInvoice: {
    carrier: (invoice) => ({ scac: invoice.carrierScac }),
  },
};
