import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const QUERY = `query($id: ID!) { shipment(id: $id) {
  billing { settlementStatus settlement { expected { amount } invoiced { amount } variance { amount } } carrierInvoices { invoiceNumber carrier { scac } amount { amount currency } } }
  discrepancies { code systems }
} }`;

describe('freight settlement through the graph', () => {
  let t: TestStack;
  let rep: string;
  const read = async (id: string) => (await t.graphql(QUERY, { id }, rep)).body;

  beforeAll(async () => {
    // The events below happened in November 2026; read as of a day later, no invoicing SLA is due yet.
    const asOf = Date.parse('2026-11-06T10:00:00Z');
    t = await startTestStack(undefined, undefined, undefined, undefined, { clock: { now: () => asOf } });
    rep = await t.token(Role.ServiceRep);
    const shipments = ['SHP-MATCH', 'SHP-OFF'];
    await t.ingest(orderWithShipments('ORD-F', 'CUST-F', shipments));
    for (const id of shipments) {
      await t.ingest([
        event(
          EventType.ShipmentTendered,
          id,
          { carrier: { scac: 'ABCD' }, ratedCost: { amount: '500.00', currency: 'EUR' } },
          '2026-11-01T10:00:00Z',
        ),
        event(EventType.ShipmentLoaded, id, {}, '2026-11-01T11:00:00Z'),
        event(EventType.Delivered, id, {}, '2026-11-02T10:00:00Z'),
      ]);
    }
  });

  afterAll(() => t.dispose());

  it('is ACCRUED once delivered, before the carrier invoices', async () => {
    const body = await read('SHP-MATCH');
    expect(body.errors).toBeUndefined();
    expect(body.data.shipment.billing.settlementStatus).toBe('ACCRUED');
  });

  it('matches a carrier invoice within tolerance of the accrual', async () => {
    await t.ingest([
      event(
        EventType.CarrierInvoiceReceived,
        'SHP-MATCH',
        { invoiceNumber: 'CI-1', carrier: { scac: 'ABCD' }, amount: { amount: '505.00', currency: 'EUR' } },
        '2026-11-05T10:00:00Z',
      ),
    ]);
    const { shipment } = (await read('SHP-MATCH')).data;
    expect(shipment.billing.settlementStatus).toBe('MATCHED');
    expect(shipment.billing.settlement).toEqual({
      expected: { amount: '500.00' },
      invoiced: { amount: '505.00' },
      variance: { amount: '5.00' },
    });
    expect(shipment.billing.carrierInvoices).toEqual([
      { invoiceNumber: 'CI-1', carrier: { scac: 'ABCD' }, amount: { amount: '505.00', currency: 'EUR' } },
    ]);
    expect(shipment.discrepancies).toEqual([]);
  });

  it('disputes one beyond tolerance, and shows the variance as a discrepancy', async () => {
    await t.ingest([
      event(
        EventType.CarrierInvoiceReceived,
        'SHP-OFF',
        { invoiceNumber: 'CI-2', carrier: { scac: 'ABCD' }, amount: { amount: '560.00', currency: 'EUR' } },
        '2026-11-05T10:00:00Z',
      ),
    ]);
    const { shipment } = (await read('SHP-OFF')).data;
    expect(shipment.billing.settlementStatus).toBe('DISPUTED');
    expect(shipment.discrepancies).toEqual([{ code: 'CARRIER_INVOICE_VARIANCE', systems: ['FINANCE', 'TMS'] }]);
  });

  it('rejects a carrier invoice without its required fields, naming the field', async () => {
    const res = await t.ingest([
      event(
        EventType.CarrierInvoiceReceived,
        'SHP-OFF',
        { invoiceNumber: 'CI-3', amount: { amount: '1.00', currency: 'EUR' } },
        '2026-11-05T10:00:00Z',
      ),
    ]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('data.carrier') });
  });
});
