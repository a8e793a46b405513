import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { event } from './support/events';
import { TestStack, startTestStack } from './support/test-stack';

describe('held events past LADING_HOLD_TTL', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack(createMemoryRuntime(silentLogger, { holdTtlMs: 500 }));
  });

  afterAll(() => t.dispose());

  it('dead-letters an event whose aggregate never appears, with reason orphan', async () => {
    const rep = await t.token(Role.ServiceRep);
    const orphan = event(EventType.PickedUp, 'SHP-NEVER', {}, '2026-11-01T12:00:00Z');
    await t.ingest([orphan]);
    const query = '{ heldEvents { totalCount } deadLetters { edges { node { eventId reason consumer } } } }';
    expect((await t.graphql(query, {}, rep)).body.data.heldEvents.totalCount).toBe(1);
    let letters: { eventId: string; reason: string }[] = [];
    for (let i = 0; i < 50 && letters.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const body = (await t.graphql(query, {}, rep)).body.data;
      letters = body.deadLetters.edges.map((e: { node: { eventId: string; reason: string } }) => e.node);
    }
    expect(letters).toEqual([expect.objectContaining({ eventId: orphan.id, reason: 'orphan' })]);
    expect((await t.graphql(query, {}, rep)).body.data.heldEvents.totalCount).toBe(0);
  });
});
