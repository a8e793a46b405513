import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import { event, orderWithShipments } from './support/events';
import { canSpawnRedis, spawnRedis, uniquePrefix } from './support/redis-server';
import { TestStack, startTestStack } from './support/test-stack';

// Needs a Redis it may kill and restart, so only with redis-server on PATH (not a shared REDIS_URL).
const describeSpawned = canSpawnRedis ? describe : describe.skip;

describeSpawned('when Redis goes away and comes back', () => {
  it('answers 503 instead of 202 while Redis is down, then reconnects and applies events again', async () => {
    let redis = await spawnRedis();
    const port = redis.port!;
    const t: TestStack = await startTestStack(await createRedisRuntime({ url: redis.url, prefix: uniquePrefix(), logger: silentLogger, claimIdleMs: 1000 }));
    try {
      const integration = await t.token(Role.Integration);
      expect((await t.postEvents(orderWithShipments('ORD-O', 'CUST-O', ['SHP-O']), integration)).status).toBe(202);

      await redis.stop();
      const started = Date.now();
      const down = await t.postEvents([event(EventType.PickConfirmed, 'SHP-O', { warehouseId: 'W' }, '2026-11-01T09:00:00Z')], integration);
      expect(down.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(3000);
      expect((await fetch(t.gatewayUrl.replace('/graphql', '/health/ready'))).status).toBe(503);

      // Redis returns empty (it keeps nothing on disk here): services reconnect and carry on.
      redis = await spawnRedis(port);
      const rep = await t.token(Role.ServiceRep);
      let status = 0;
      for (let i = 0; i < 100 && status !== 202; i++) {
        status = (await t.postEvents(orderWithShipments('ORD-P', 'CUST-O', ['SHP-P']), integration)).status;
        if (status !== 202) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(202);
      let shipment = null;
      for (let i = 0; i < 100 && !shipment; i++) {
        shipment = (await t.graphql('{ shipment(id: "SHP-P") { status } }', {}, rep)).body.data?.shipment ?? null;
        if (!shipment) await new Promise((r) => setTimeout(r, 100));
      }
      expect(shipment).toEqual({ status: 'ORDERED' });
    } finally {
      await t.dispose().catch(() => undefined);
      await redis.stop();
    }
  }, 60_000);
});
