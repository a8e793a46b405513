import { loadDemoData } from '../demo/load';
import { generateDemoEvents } from '../demo/generate';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import type { Runtime } from '../lib/runtime/runtime';
import { StartupGate } from '../lib/server/startup-gate';
import { describeWithRedis, redisAvailable, uniquePrefix } from './support/redis-server';
import { startTestStack } from './support/test-stack';
import { until } from './support/until';

const demo = generateDemoEvents();
const expected = {
  orders: new Set(demo.filter((e) => e.type === EventType.OrderCreated).map((e) => e.subject)).size,
  shipments: new Set(
    demo.filter((e) => e.type === EventType.OrderReleased).flatMap((e) => (e.data.shipments as { id: string }[]).map((s) => s.id)),
  ).size,
};

/** `/health/ready` as `npm start` wires it: 503 naming the start-up work until the demo data is applied everywhere. */
function readinessScenario(name: string, makeRuntime: () => Promise<Runtime>): void {
  it(`answers ready only once every demo shipment is visible (${name})`, async () => {
    const startup = new StartupGate();
    const t = await startTestStack(await makeRuntime(), undefined, startup);
    try {
      const ready = t.gatewayUrl.replace(/\/graphql$/, '/health/ready');
      let asked!: () => void;
      const firstAnswer = new Promise<void>((resolve) => (asked = resolve));
      // In memory the whole load may run before the server gets to a request, so it starts once the first answer is in.
      const loading = startup.track(
        'demo data',
        firstAnswer.then(() => loadDemoData(t.runtime, silentLogger)),
      );
      const first = await fetch(ready);
      asked();
      expect(first.status).toBe(503);
      expect(((await first.json()) as { down: string[] }).down).toContain('startup');
      await until(async () => (await fetch(ready)).status === 200, 'readiness', 240_000);
      const rep = await t.token(Role.ServiceRep);
      const counts = await t.graphql('{ orders(first: 1) { totalCount } shipments(first: 1) { totalCount } }', {}, rep);
      expect({ orders: counts.body.data.orders.totalCount, shipments: counts.body.data.shipments.totalCount }).toEqual(expected);
      await loading;
    } finally {
      await t.dispose();
    }
  }, 300_000);
}

describe('readiness after start-up work', () => {
  readinessScenario('memory', async () => createMemoryRuntime(silentLogger));
  if (redisAvailable) {
    describeWithRedis('with Redis', (redis) => {
      readinessScenario('Redis', async () =>
        createRedisRuntime({ target: { url: redis().url }, prefix: uniquePrefix(), logger: silentLogger }),
      );

      it('lets a lone gateway finish loading demo data only once subgraphs in another process applied it', async () => {
        const prefix = uniquePrefix();
        const t = await startTestStack(await createRedisRuntime({ target: { url: redis().url }, prefix, logger: silentLogger }));
        // The gateway's own runtime, as in docker-compose: no subgraph consumes in it.
        const gateway = await createRedisRuntime({ target: { url: redis().url }, prefix, logger: silentLogger });
        try {
          await loadDemoData(gateway, silentLogger);
          const rep = await t.token(Role.ServiceRep);
          const counts = await t.graphql('{ orders(first: 1) { totalCount } shipments(first: 1) { totalCount } }', {}, rep);
          expect({ orders: counts.body.data.orders.totalCount, shipments: counts.body.data.shipments.totalCount }).toEqual(expected);
        } finally {
          await gateway.dispose();
          await t.dispose();
        }
      }, 300_000);
    });
  }
});

describe('StartupGate', () => {
  it('names running and failed work until everything tracked has finished', async () => {
    const gate = new StartupGate();
    await expect(gate.check()).resolves.toBeUndefined();
    let finish!: () => void;
    const work = gate.track('demo data', new Promise<void>((resolve) => (finish = resolve)));
    await expect(gate.check()).rejects.toThrow('demo data in progress');
    finish();
    await work;
    await expect(gate.check()).resolves.toBeUndefined();
    await expect(gate.track('replay', Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.check()).rejects.toThrow('replay failed');
  });
});
