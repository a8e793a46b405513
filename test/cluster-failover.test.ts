import { ChangeStreamName } from '../lib/changes/change-stream';
import type { ShipmentChange } from '../lib/changes/shipment-change';
import { EventType } from '../lib/events/types';
import type { CanonicalEvent } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { silentLogger } from '../lib/logger';
import type { RedisClient } from '../lib/redis/client';
import { connectTarget } from '../lib/redis/connect';
import type { RedisKeys } from '../lib/redis/keys';
import { redisKeys } from '../lib/redis/keys';
import { slotOf } from '../lib/redis/partitioning';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import type { Runtime } from '../lib/runtime/runtime';
import { DEFAULTS } from '../lib/settings';
import { headCursor } from './support/cursors';
import { event, orderWithShipments } from './support/events';
import type { ClusterNode } from './support/redis-cluster';
import { describeWithRedisCluster, seedNodes } from './support/redis-cluster';
import { freePort, uniquePrefix } from './support/redis-server';
import type { ServiceProcess } from './support/service-process';
import { startServiceProcess } from './support/service-process';
import { startTestStack } from './support/test-stack';
import { until } from './support/until';
import type { Subscriber } from './support/ws-subscriber';
import { subscribe } from './support/ws-subscriber';

const PARTITIONS = DEFAULTS.LADING_LOG_PARTITIONS;
/** Issue 18's bound: after a master or a consumer dies, ingest accepts again and partitions are applied within it. */
const RECOVERY_BOUND_MS = 10_000;

function serves(master: ClusterNode, slot: number): boolean {
  return master.slots.some(([from, to]) => from <= slot && slot <= to);
}

/** Each master's port → the log partitions whose slots it serves. */
function partitionsByMaster(masters: ClusterNode[], keys: RedisKeys): Map<number, number[]> {
  const byMaster = new Map(masters.map((m) => [m.port, [] as number[]]));
  for (let n = 0; n < PARTITIONS; n++) byMaster.get(masters.find((m) => serves(m, slotOf(keys.in(n).eventStream)))!.port)!.push(n);
  return byMaster;
}

/** `shipmentId|factKey` → how often the shipments' change stream holds it: a fact applied twice in effect shows twice. */
async function appliedFacts(runtime: Runtime): Promise<Map<string, number>> {
  const facts = new Map<string, number>();
  for (
    let after: string | undefined, page;
    (page = await runtime.changes.read<ShipmentChange>(ChangeStreamName.Shipments, after, 1000)).length > 0;
  ) {
    for (const change of page)
      facts.set(`${change.shipmentId}|${change.factKey}`, (facts.get(`${change.shipmentId}|${change.factKey}`) ?? 0) + 1);
    after = page[page.length - 1].id;
  }
  return facts;
}

const inTransit = (shipmentId: string, i: number, id: string): CanonicalEvent =>
  event(EventType.InTransit, shipmentId, { location: `L${i}` }, new Date(Date.UTC(2026, 10, 1, 9, 0, i)).toISOString(), id);

/**
 * Issue 18, acceptance 3 and 4, on a local Redis Cluster of three masters with a replica each. One
 * cluster for both tests (a cluster takes seconds to start): the rebalance first, as it needs every
 * master, then the failover, which leaves a master without its replica.
 */
describeWithRedisCluster('Lading when a Redis master or a consumer instance dies', (cluster) => {
  let probe: RedisClient;

  beforeAll(async () => {
    probe = await connectTarget({ clusterNodes: seedNodes(cluster()) }, { name: 'test-probe', logger: silentLogger });
  });
  afterAll(() => probe?.disconnect());

  /**
   * Two transport subgraphs as processes of their own (as in production), sharing the partitions;
   * one is killed with SIGKILL, and the other takes its partitions over.
   */
  it('hands a killed instance’s partitions to the other, which applies their events within 10 s, each once', async () => {
    const prefix = uniquePrefix();
    const keys = redisKeys(prefix, PARTITIONS);
    const lading = await createRedisRuntime({ target: { clusterNodes: seedNodes(cluster()) }, prefix, logger: silentLogger });
    const instances: ServiceProcess[] = [];
    try {
      const env = async () => ({
        REDIS_CLUSTER_NODES: cluster().seeds,
        LADING_REDIS_PREFIX: prefix,
        LADING_SUBGRAPH_SECRET: 'test-subgraph-secret',
        LADING_HOST: '127.0.0.1',
        LADING_TRANSPORT_PORT: String(await freePort()),
      });
      const envs = [await env(), await env()];
      instances.push(
        ...(await Promise.all(envs.map((e) => startServiceProcess('subgraphs/transport/index.ts', Number(e.LADING_TRANSPORT_PORT), e)))),
      );
      const holders = async () => Promise.all(Array.from({ length: PARTITIONS }, (_, n) => probe.get(keys.partitionLease('transport', n))));
      const pidOf = (holder: string | null) => Number(holder?.split('-').at(-2));
      const [a, b] = instances.map((i) => i.child.pid!);
      // The fair share: each holds half of the partitions.
      await until(async () => {
        const held = (await holders()).map(pidOf);
        return held.filter((pid) => pid === a).length === PARTITIONS / 2 && held.filter((pid) => pid === b).length === PARTITIONS / 2;
      }, 'the two transport instances to lease half of the partitions each');
      const ofA = new Set((await holders()).flatMap((holder, n) => (pidOf(holder) === a ? [n] : [])));

      const shipments = Array.from({ length: 32 }, (_, i) => `SHP-R${i}`);
      const onA = shipments.filter((id) => ofA.has(keys.partitions.of(id)));
      expect(onA.length).toBeGreaterThan(0);
      expect(onA.length).toBeLessThan(shipments.length);
      const release = orderWithShipments('ORD-R', 'CUST-R', shipments);
      expect((await lading.pipeline.ingestor.ingest(release)).every((r) => r.status === 'accepted')).toBe(true);
      await until(async () => (await appliedFacts(lading)).size >= shipments.length, 'the release applied by the two instances');

      // Events in flight when A dies (some pending with it), and events posted after: all of them land on A's partitions too.
      const before = shipments.map((id, i) => inTransit(id, i, `before-${i}`));
      const after = shipments.map((id, i) => inTransit(id, 100 + i, `after-${i}`));
      expect((await lading.pipeline.ingestor.ingest(before)).every((r) => r.status === 'accepted')).toBe(true);
      instances[0].child.kill('SIGKILL');
      const killedAt = Date.now();
      expect((await lading.pipeline.ingestor.ingest(after)).every((r) => r.status === 'accepted')).toBe(true);

      const expected = [...before, ...after].map((e) => `${e.subject}|${e.source}|${e.id}`);
      const all = async () => {
        const facts = await appliedFacts(lading);
        return expected.every((fact) => facts.has(fact));
      };
      await until(all, 'the survivor to apply the events of the dead instance’s partitions', 30_000);
      const rebalancedMs = Date.now() - killedAt;
      console.log(`rebalance: every event of the killed instance's partitions applied ${rebalancedMs} ms after SIGKILL`);

      expect((await holders()).map(pidOf)).toEqual(Array.from({ length: PARTITIONS }, () => b));
      const facts = await appliedFacts(lading);
      expect(expected.filter((fact) => facts.get(fact) !== 1)).toEqual([]);
      expect(rebalancedMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
      await lading.dispose();
    }
  }, 120_000);

  /**
   * One Lading stack in this process on the cluster: what a failover tests is how Lading's Redis
   * clients follow the promoted replica, the same code in one process or six. Under continuous
   * ingest the master serving the most partitions is killed with SIGKILL.
   */
  it('loses no accepted event when the busiest master dies under ingest, accepts again within 10 s, and a resumed subscriber misses nothing', async () => {
    const prefix = uniquePrefix();
    const keys = redisKeys(prefix, PARTITIONS);
    const runtime = await createRedisRuntime({ target: { clusterNodes: seedNodes(cluster()) }, prefix, logger: silentLogger });
    const t = await startTestStack(runtime);
    const subscribers: Subscriber[] = [];
    let ingesting = true;
    try {
      const shipments = Array.from({ length: 24 }, (_, i) => `SHP-F${i}`);
      await t.ingest(orderWithShipments('ORD-F', 'CUST-F', shipments));

      const byMaster = partitionsByMaster(
        (await cluster().nodes()).filter((node) => node.role === 'master'),
        keys,
      );
      const [busiest, partitionsOfBusiest] = [...byMaster].sort((x, y) => y[1].length - x[1].length)[0];
      const onBusiest = (shipmentId: string) => partitionsOfBusiest.includes(keys.partitions.of(shipmentId));
      expect(shipments.some(onBusiest)).toBe(true);

      const customer = { authorization: `Bearer ${await t.token(Role.Customer, 'CUST-F')}` };
      const query = 'subscription ($after: String) { shipmentUpdated(after: $after) { cursor milestone { eventId } } }';
      const first = subscribe(t.gatewayUrl, customer, query, { after: await headCursor(t) });
      subscribers.push(first);

      // A sender posting batches of 6 in-transit events, one after the other, recording each answer.
      const integration = await t.token(Role.Integration);
      const posts: { startedAt: number; endedAt: number; status: number; busiest: boolean }[] = [];
      const accepted = new Set<string>();
      let killedAt = Infinity;
      const sender = (async () => {
        for (let i = 0; ingesting;) {
          const batch = Array.from({ length: 6 }, () => {
            i++;
            return inTransit(shipments[i % shipments.length], i, `f-${i}`);
          });
          const startedAt = Date.now();
          const answer = await t.postEvents(batch, integration);
          posts.push({
            startedAt,
            endedAt: Date.now(),
            status: answer.status,
            busiest: batch.some((e) => onBusiest(e.subject)),
          });
          if (answer.status === 202)
            for (const result of answer.body.results as { id: string; status: string }[])
              if (result.status === 'accepted') accepted.add(result.id);
        }
      })();
      // Readiness as an orchestrator polls it: 503 naming the dead node while it is down.
      const readiness: { at: number; status: number; body: string }[] = [];
      const poller = (async () => {
        const url = t.gatewayUrl.replace(/\/graphql$/, '/health/ready');
        while (ingesting) {
          const answer = await fetch(url);
          readiness.push({ at: Date.now(), status: answer.status, body: await answer.text() });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();

      await until(() => accepted.size >= 60 && first.results.length >= 30, 'ingest and the subscription under way');
      cluster().killNode(busiest);
      killedAt = Date.now();
      const promoted = await cluster().waitForFailover(busiest);
      await until(
        () => posts.some((post) => post.startedAt > killedAt && post.busiest && post.status === 202),
        'a post touching the failed-over shard accepted',
        60_000,
      );
      const acceptedAgain = posts.find((post) => post.startedAt > killedAt && post.busiest && post.status === 202)!;
      const acceptedAccepted = accepted.size;
      await until(() => accepted.size >= acceptedAccepted + 30, 'ingest going on after the failover');
      ingesting = false;
      await Promise.all([sender, poller]);
      await runtime.pipeline.idle();

      // The posts answered between the kill and the first accepted one on the failed-over shard.
      const window = posts.filter((post) => post.endedAt > killedAt && post.endedAt < acceptedAgain.endedAt);
      const downReadiness = readiness.filter((r) => r.at > killedAt && r.status === 503);
      console.log(
        `failover: master ${busiest} (${partitionsOfBusiest.length} of ${PARTITIONS} partitions) killed; replica ${promoted} promoted; ` +
          `first post on its partitions accepted ${acceptedAgain.endedAt - killedAt} ms after the kill; ` +
          `posts answered in the window: ${window.map((p) => `${p.status} ${p.startedAt - killedAt}..${p.endedAt - killedAt} ms`).join(', ')}; readiness 503s: ${downReadiness.length} ${downReadiness[0]?.body ?? ''}`,
      );

      // Every accepted event is applied exactly once: a fact of its shipment's timeline, not two.
      const facts = await appliedFacts(runtime);
      const factOf = (id: string) => {
        const i = Number(id.slice(2));
        return `${shipments[i % shipments.length]}|urn:tms:test|${id}`;
      };
      expect([...accepted].filter((id) => facts.get(factOf(id)) !== 1)).toEqual([]);
      expect([...facts].filter(([, count]) => count !== 1)).toEqual([]);
      // During the window a post is refused (503, the sender retries) or held until the promoted master
      // stored it and accepted (its events are among those checked above): never anything else.
      expect(posts.filter((post) => post.endedAt > killedAt && post.status !== 202 && post.status !== 503)).toEqual([]);
      expect(acceptedAgain.endedAt - killedAt).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
      expect(downReadiness.some((r) => r.body.includes(`:${busiest}`))).toBe(true);

      // The subscriber resumes with its last cursor: with what it had, every applied fact exactly once.
      const applied = [...facts.keys()].filter((fact) => fact.includes('|urn:tms:test|f-')).map((fact) => fact.split('|')[2]);
      await first.close();
      const resumed = subscribe(t.gatewayUrl, customer, query, { after: first.results.at(-1).data.shipmentUpdated.cursor });
      subscribers.push(resumed);
      const seen = () => [...first.results, ...resumed.results].map((r) => r.data?.shipmentUpdated.milestone.eventId as string);
      await until(() => applied.every((id) => seen().includes(id)), 'the resumed subscriber to catch up', 30_000);
      const received = seen().filter((id) => id?.startsWith('f-'));
      expect(received.filter((id, i) => received.indexOf(id) !== i)).toEqual([]);
      expect(new Set(received)).toEqual(new Set(applied));
    } finally {
      ingesting = false;
      for (const s of subscribers) await s.close().catch(() => undefined);
      await t.dispose();
    }
  }, 180_000);
});
