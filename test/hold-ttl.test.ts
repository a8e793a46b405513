import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { event, orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { untilValue } from './support/until';

/** Short only so that the sweeper looks often (every quarter of the TTL): the clock below decides when it has passed. */
const HOLD_TTL_MS = 1_000;

describe('held events past LADING_HOLD_TTL', () => {
  let t: TestStack;
  // Moved by hand: an event stays held however slowly the test runs, and expires when the test says.
  const clock = { at: Date.now(), now: () => clock.at };

  beforeAll(async () => {
    t = await startTestStack(createMemoryRuntime(silentLogger, { holdTtlMs: HOLD_TTL_MS, clock }));
  });

  afterAll(() => t.dispose());

  it('dead-letters an event whose aggregate never appears, with reason orphan', async () => {
    const rep = await t.token(Role.ServiceRep);
    const orphan = event(EventType.PickedUp, 'SHP-NEVER', {}, '2026-11-01T12:00:00Z');
    await t.ingest([orphan]);
    const query = '{ heldEvents { totalCount } deadLetters { edges { node { eventId reason consumer } } } }';
    expect((await t.graphql(query, {}, rep)).body.data.heldEvents.totalCount).toBe(1);
    clock.at += HOLD_TTL_MS + 1;
    const letters = await untilValue(
      async () =>
        (await t.graphql(query, {}, rep)).body.data.deadLetters.edges.map((e: { node: { eventId: string; reason: string } }) => e.node),
      (found: unknown[]) => found.length > 0,
      'the held event to be dead-lettered',
    );
    expect(letters).toEqual([expect.objectContaining({ eventId: orphan.id, reason: 'orphan' })]);
    expect((await t.graphql(query, {}, rep)).body.data.heldEvents.totalCount).toBe(0);
  });

  it('replays a dead letter once its cause is fixed, and refuses one that is still invalid', async () => {
    const rep = await t.token(Role.ServiceRep);
    const letters = async () =>
      (await t.graphql('{ deadLetters { edges { node { id eventId reason } } } }', {}, rep)).body.data.deadLetters.edges.map(
        (e: { node: { id: string; eventId: string } }) => e.node,
      );
    const [orphan] = await letters();
    await t.ingest(orderWithShipments('ORD-LATE', 'CUST-L', ['SHP-NEVER']));
    const replay = await t.graphql('mutation($id: ID!) { replayDeadLetter(id: $id) }', { id: orphan.id }, rep);
    expect(replay.body.data.replayDeadLetter).toBe(true);
    await t.runtime.pipeline.idle();
    const shipment = await t.graphql('{ shipment(id: "SHP-NEVER") { status } }', {}, rep);
    expect(shipment.body.data.shipment.status).toBe('IN_TRANSIT');
    expect(await letters()).toEqual([]);

    await t.ingest([{ ...event(EventType.EtaUpdated, 'SHP-NEVER', {}, '2026-11-01T12:00:00Z'), id: 'no-eta' }]);
    const [invalid] = await letters();
    const refused = await t.graphql('mutation($id: ID!) { replayDeadLetter(id: $id) }', { id: invalid.id }, rep);
    expect(refused.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.body.errors[0].message).toMatch(/data\.eta/);
    const customer = await t.graphql(
      'mutation($id: ID!) { replayDeadLetter(id: $id) }',
      { id: invalid.id },
      await t.token(Role.Customer, 'CUST-L'),
    );
    expect(customer.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('expires a carrier event held for its tender as an orphan of ingest, which a rep replays through the door once tendered', async () => {
    const rep = await t.token(Role.ServiceRep);
    const carrier = await t.tokenWith({ sub: 'odfl', role: Role.Integration, carriers: ['ODFL'] });
    await t.ingest(orderWithShipments('ORD-TT', 'CUST-T', ['SHP-UNTENDERED']));
    const early = { ...event(EventType.Delivered, 'SHP-UNTENDERED', {}, '2026-11-02T12:00:00Z'), source: 'urn:carrier:odfl' };
    expect((await t.postEvents([early], carrier)).body.results).toEqual([expect.objectContaining({ status: 'held' })]);
    clock.at += HOLD_TTL_MS + 1;
    const letter = await untilValue(
      async () =>
        (await t.graphql('{ deadLetters { edges { node { id eventId reason consumer } } } }', {}, rep)).body.data.deadLetters.edges
          .map((e: { node: { id: string; eventId: string } }) => e.node)
          .find((l: { eventId: string }) => l.eventId === early.id),
      (found: { id: string } | undefined) => found !== undefined,
      'the carrier event to be dead-lettered',
    );
    expect(letter).toMatchObject({ reason: 'orphan', consumer: 'ingest' });
    const tender = { carrier: { scac: 'ODFL' } };
    await t.ingest([event(EventType.ShipmentTendered, 'SHP-UNTENDERED', tender, '2026-11-01T09:00:00Z')]);
    const replay = await t.graphql('mutation($id: ID!) { replayDeadLetter(id: $id) }', { id: letter!.id }, rep);
    expect(replay.body.data.replayDeadLetter).toBe(true);
    await t.runtime.pipeline.idle();
    const shipment = await t.graphql('{ shipment(id: "SHP-UNTENDERED") { status } }', {}, rep);
    expect(shipment.body.data.shipment.status).toBe('DELIVERED');
  });
});
