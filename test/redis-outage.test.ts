import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import { event, orderWithShipments } from './support/events';
import { canSpawnRedis, spawnRedis, uniquePrefix } from './support/redis-server';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';
import { untilValue } from './support/until';

// Needs a Redis it may kill and restart, so only with redis-server on PATH (not a shared REDIS_URL).
const describeSpawned = canSpawnRedis ? describe : describe.skip;

describeSpawned('when Redis goes away and comes back', () => {
  it('answers 503 instead of 202 while Redis is down, then reconnects and applies events again', async () => {
    let redis = await spawnRedis();
    const port = redis.port!;
    const t: TestStack = await startTestStack(
      await createRedisRuntime({ target: { url: redis.url }, prefix: uniquePrefix(), logger: silentLogger, claimIdleMs: 1000 }),
    );
    try {
      const integration = await t.token(Role.Integration);
      expect((await t.postEvents(orderWithShipments('ORD-O', 'CUST-O', ['SHP-O']), integration)).status).toBe(202);

      await redis.stop();
      // Answered while Redis is still down: the log refuses an append at once rather than queue it
      // until Redis returns (test/event-log.test.ts), so the sender hears 503 and retries.
      const down = await t.postEvents([event(EventType.PickConfirmed, 'SHP-O', { warehouseId: 'W' }, '2026-11-01T09:00:00Z')], integration);
      expect(down.status).toBe(503);
      expect((await fetch(t.gatewayUrl.replace('/graphql', '/health/ready'))).status).toBe(503);

      // Redis returns empty (it keeps nothing on disk here): services reconnect and carry on.
      redis = await spawnRedis(port);
      const rep = await t.token(Role.ServiceRep);
      const events = orderWithShipments('ORD-P', 'CUST-O', ['SHP-P']);
      await untilValue(
        async () => (await t.postEvents(events, integration)).status,
        (status) => status === 202,
        'ingest to accept events again',
      );
      const shipment = await untilValue(
        async () => (await t.graphql('{ shipment(id: "SHP-P") { status } }', {}, rep)).body.data?.shipment ?? null,
        (s) => s !== null,
        'the shipment to be applied',
      );
      expect(shipment).toEqual({ status: 'ORDERED' });
    } finally {
      await t.dispose().catch(() => undefined);
      await redis.stop();
    }
  }, 60_000);
});
