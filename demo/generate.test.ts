import { validateEvent } from '../lib/events/validate';
import { EventType, eventKey } from '../lib/events/types';
import { generateDemoPlan } from './generate';
import { DEMO_STATUSES } from './lifecycle';
import { deriveShipment } from '../subgraphs/transport/domain/derive';
import type { Fact } from '../subgraphs/transport/domain/fact';
import { factOf } from '../subgraphs/transport/domain/fact';
import { typedEvent } from '../lib/events/event-data';

describe('demo data', () => {
  const { events, shipments } = generateDemoPlan();

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateDemoPlan().events).toEqual(events);
    expect(generateDemoPlan({ seed: 8 }).events).not.toEqual(events);
  });

  it('consists of valid canonical events', () => {
    const invalid = events.map((e) => validateEvent(e)).filter((v) => !v.ok);
    expect(invalid).toEqual([]);
  });

  it('has 3 customers, about 300 orders and about 400 shipments, in every status', () => {
    const created = events.filter((e) => e.type === EventType.OrderCreated);
    expect(new Set(created.map((e) => (e.data.customer as { id: string }).id))).toEqual(new Set(['CUST-0001', 'CUST-0002', 'CUST-0003']));
    expect(created.length).toBeGreaterThanOrEqual(250);
    expect(created.length).toBeLessThanOrEqual(350);
    expect(shipments.length).toBeGreaterThanOrEqual(350);
    expect(shipments.length).toBeLessThanOrEqual(450);
    expect(new Set(shipments.map((s) => s.target))).toEqual(new Set(DEMO_STATUSES));
  });

  it('contains exactly one duplicate and one event posted after a later one', () => {
    const keys = events.map(eventKey);
    expect(keys.length - new Set(keys).size).toBe(1);
    const loads = events.map((e, i) => ({ e, i })).filter(({ e }) => e.type === EventType.ShipmentLoaded);
    const late = loads.filter(({ e, i }) => events.slice(0, i).some((p) => p.subject === e.subject && p.time > e.time));
    expect(late.length).toBeGreaterThanOrEqual(1);
  });
});

describe('demo data through the unified status rules', () => {
  it.each([7, 8, 42])('reaches every planned status and each discrepancy once (seed %i)', (seed) => {
    const { events, shipments } = generateDemoPlan({ seed });
    const shipmentsOf = new Map<string, string[]>();
    const facts = new Map<string, Fact[]>();
    const seen = new Set<string>();
    events.forEach((e, i) => {
      const typed = typedEvent(e);
      if (typed.type === EventType.OrderReleased) {
        shipmentsOf.set(
          e.subject,
          typed.data.shipments.map((s) => s.id),
        );
        return;
      }
      if (seen.has(eventKey(e))) return;
      seen.add(eventKey(e));
      const subjects =
        e.type === EventType.OrderCancelled ? (shipmentsOf.get(e.subject) ?? []) : e.type.startsWith('erp.') ? [] : [e.subject];
      const fact = factOf({ position: String(i), recordedAt: e.time, event: e }, typed);
      for (const s of subjects) facts.set(s, [...(facts.get(s) ?? []), fact]);
    });
    const derived = shipments.map((s) => ({ plan: s, d: deriveShipment(facts.get(s.id) ?? []) }));
    expect(
      derived
        .filter(({ plan, d }) => plan.target !== 'ORDERED' && d.status !== plan.target)
        .map(({ plan, d }) => `${plan.id} ${plan.target}->${d.status}`),
    ).toEqual([]);
    const codes = derived.flatMap(({ d }) => d.discrepancies.map((x) => x.code)).filter((c) => c !== 'DELIVERED_WITHOUT_ACCRUAL');
    expect(codes.sort()).toEqual(['CANCELLED_AFTER_PICKUP', 'DELIVERED_NOT_LOADED']);
  });
});
