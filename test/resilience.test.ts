import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

describe('when a subgraph is down', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest([
      ...orderWithShipments('ORD-R', 'CUST-R', ['SHP-R']),
      event(EventType.PickedUp, 'SHP-R', { location: 'Ghent' }, '2026-11-01T12:00:00Z'),
    ]);
    await t.stack.subgraphs.finance.dispose();
  });

  afterAll(() => t.dispose());

  it('answers with the data it has and an error naming the subgraph', async () => {
    const token = await t.token(Role.Customer, 'CUST-R');
    // billing is nullable and comes from finance; non-null fields of a missing subgraph (charges)
    // would null their parent, as GraphQL's null propagation requires.
    const res = await t.graphql('{ shipment(id: "SHP-R") { status timeline { type } order { number } billing { status } } }', {}, token);
    expect(res.status).toBe(200);
    expect(res.body.data.shipment).toMatchObject({ status: 'IN_TRANSIT', order: { number: 'SO-ORD-R' }, billing: null });
    expect(res.body.data.shipment.timeline.length).toBeGreaterThan(0);
    const codes = res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code);
    expect(codes).toContain('SUBGRAPH_UNAVAILABLE');
    expect(JSON.stringify(res.body.errors)).toContain('finance');
  });

  it('reports the gateway not ready, naming the subgraph', async () => {
    const res = await fetch(t.gatewayUrl.replace('/graphql', '/health/ready'));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { down: string[] }).down).toEqual(['finance']);
    const live = await fetch(t.gatewayUrl.replace('/graphql', '/health/live'));
    expect(live.status).toBe(200);
  });
});
