import type { CanonicalEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';
import { CUSTOMERS, PRODUCTS, SOURCES, WAREHOUSES } from './catalogue';
import type { DemoStatus, ShipmentPlan } from './lifecycle';
import { DEMO_STATUSES, Lifecycle } from './lifecycle';
import { Random } from './random';

export interface DemoOptions {
  seed?: number;
  orders?: number;
  baseTime?: string;
}

export interface DemoPlan {
  events: CanonicalEvent[];
  shipments: ShipmentPlan[];
}

const pad = (n: number, width = 6) => String(n).padStart(width, '0');

/**
 * A deterministic stream of canonical events for ~300 orders and ~400 shipments across every
 * status, with exceptions, cancellations, discrepancies, one late out-of-order event and one
 * duplicate, in the order source systems would post them.
 */
export function generateDemoPlan(options: DemoOptions = {}): DemoPlan {
  const rng = new Random(options.seed ?? 7);
  const base = Date.parse(options.baseTime ?? '2026-11-01T08:00:00Z');
  let nextEvent = 0;
  const nextId = () => `evt-${pad(++nextEvent)}`;
  const timed: CanonicalEvent[] = [];
  const shipments: ShipmentPlan[] = [];
  const erp = (type: EventType, subject: string, time: number, data: Record<string, unknown>) =>
    timed.push({ specversion: '1.0', id: nextId(), source: SOURCES.erp, type, time: new Date(time).toISOString(), subject, data });

  for (let o = 1; o <= (options.orders ?? 300); o++) {
    const orderId = `ORD-${pad(o)}`;
    const created = base + o * 55 * 60_000;
    const customer = CUSTOMERS[o % CUSTOMERS.length];
    const lines = Array.from({ length: rng.int(1, 4) }, () => {
      const product = rng.pick(PRODUCTS);
      return { sku: product.sku, quantity: rng.int(1, 40), uom: product.uom, description: product.description };
    });
    erp(EventType.OrderCreated, orderId, created, {
      number: `SO-${100000 + o}`,
      customer: { id: customer.id, name: customer.name },
      lines,
      shipTo: { name: customer.name, city: rng.pick(['Utrecht', 'Ghent', 'Cologne']), country: rng.pick(['NL', 'BE', 'DE']) },
      requestedDeliveryDate: new Date(created + 7 * 86_400_000).toISOString().slice(0, 10),
      currency: rng.pick(['EUR', 'USD']),
    });
    if (o % 25 === 0) continue; // stays unreleased in the ERP
    const count = rng.chance(0.42) ? 2 : 1;
    const orderTarget: DemoStatus = DEMO_STATUSES[(o * 7) % DEMO_STATUSES.length];
    const planned = Array.from({ length: count }, (_, i): ShipmentPlan => ({
      id: `SHP-${pad(shipments.length + i + 1)}`,
      orderId,
      warehouseId: rng.pick(WAREHOUSES),
      target:
        orderTarget === 'CANCELLED' ? 'CANCELLED' : i === 0 ? orderTarget : rng.pick(['DELIVERED', 'IN_TRANSIT', 'PROCESSING'] as const),
    }));
    shipments.push(...planned);
    const released = created + 30 * 60_000;
    erp(EventType.OrderReleased, orderId, released, {
      shipments: planned.map((s, i) => ({
        id: s.id,
        number: `SH-${500000 + shipments.length - count + i + 1}`,
        warehouseId: s.warehouseId,
        lines,
      })),
    });
    let last = released;
    for (const plan of planned) {
      if (plan.target === 'DELIVERED' && !shipments.some((s) => s.skipLoad)) plan.skipLoad = true;
      const built = new Lifecycle(rng, plan, released, nextId).build();
      timed.push(...built);
      last = Math.max(last, ...built.map((e) => Date.parse(e.time)));
    }
    if (orderTarget === 'CANCELLED')
      erp(EventType.OrderCancelled, orderId, last + 3_600_000, { reason: 'Customer cancelled before dispatch' });
  }
  return { events: withSpecialCases(timed, shipments, rng, nextId, base), shipments };
}

/** Chronological posting order, plus what real integrations do: a late event, a duplicate, a late cancellation. */
function withSpecialCases(
  timed: CanonicalEvent[],
  shipments: ShipmentPlan[],
  rng: Random,
  nextId: () => string,
  base: number,
): CanonicalEvent[] {
  const events = [...timed].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  // Only shipments alone on their order, so the late cancellation touches no sibling.
  const inTransit = shipments.filter((s) => s.target === 'IN_TRANSIT' && shipments.filter((x) => x.orderId === s.orderId).length === 1);
  // The ERP cancels an order whose shipment the carrier already picked up: a discrepancy, not a cancellation.
  const picked = events.find((e) => e.type === EventType.PickedUp && e.subject === inTransit[0].id)!;
  events.push({
    ...picked,
    id: nextId(),
    source: SOURCES.erp,
    type: EventType.OrderCancelled,
    subject: inTransit[0].orderId,
    time: new Date(Date.parse(picked.time) + 3_600_000).toISOString(),
    data: { reason: 'Credit hold' },
  });
  // A WMS load posted late: it happened before the pickup but arrives after it.
  const late = events.findIndex((e) => e.type === EventType.ShipmentLoaded && e.subject === inTransit[1].id);
  events.push(...events.splice(late, 1));
  for (let i = 0; i < 20; i++) {
    const warehouseId = WAREHOUSES[i % WAREHOUSES.length];
    const sku = rng.pick(PRODUCTS).sku;
    events.push({
      specversion: '1.0',
      id: nextId(),
      source: SOURCES.wms(warehouseId),
      type: EventType.InventoryAdjusted,
      time: new Date(base + 9 * 86_400_000 - 2 * 3_600_000 + i * 3_600_000).toISOString(),
      subject: `${warehouseId}/${sku}`,
      data: { warehouseId, sku, quantityDelta: rng.int(-20, 50), reasonCode: rng.pick(['CYCLE_COUNT', 'DAMAGED', 'RECEIPT']) },
    });
  }
  // A source system retrying a post it already made.
  events.push(events[events.length - 25]);
  return events;
}

export function generateDemoEvents(options: DemoOptions = {}): CanonicalEvent[] {
  return generateDemoPlan(options).events;
}
