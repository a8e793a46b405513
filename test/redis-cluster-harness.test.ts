import { Cluster } from 'ioredis';
import { describeWithRedisCluster } from './support/redis-cluster';
import { untilValue } from './support/until';

/** The local cluster the cluster suites run on (test/support/redis-cluster.ts) is what they assume it is. */
describeWithRedisCluster('a local Redis Cluster for tests', (cluster) => {
  let client: Cluster;

  beforeAll(() => {
    const seeds = cluster()
      .seeds.split(',')
      .map((seed) => ({ host: seed.split(':')[0], port: Number(seed.split(':')[1]) }));
    client = new Cluster(seeds);
  });

  afterAll(() => client?.disconnect());

  it('has three masters serving all 16384 slots, each with a replica of its own', async () => {
    const nodes = await cluster().nodes();
    const masters = nodes.filter((node) => node.role === 'master');
    expect(masters).toHaveLength(3);
    expect(masters.flatMap((master) => master.slots).reduce((sum, [from, to]) => sum + to - from + 1, 0)).toBe(16384);
    const replicaOf = nodes.filter((node) => node.role === 'replica').map((node) => node.masterPort);
    expect(replicaOf.sort()).toEqual(masters.map((master) => master.port).sort());
    expect(cluster().seeds.split(',')).toHaveLength(6);
  });

  it("keeps a key its replica acknowledged when the key's master is killed", async () => {
    const key = `harness-${Date.now()}`;
    // The pipeline goes to the key's master, so WAIT counts that master's replicas.
    const [[setError], [waitError, replicas]] = (await client.pipeline().set(key, 'kept').call('WAIT', '1', '5000').exec())!;
    expect([setError, waitError, replicas]).toEqual([null, null, 1]);

    const slot = Number(await client.call('CLUSTER', 'KEYSLOT', key));
    const owner = (await cluster().nodes()).find(
      (node) => node.role === 'master' && node.slots.some(([from, to]) => from <= slot && slot <= to),
    )!;
    cluster().killNode(owner.port);
    const promoted = await cluster().waitForFailover(owner.port);

    const after = await cluster().nodes();
    expect(after.map((node) => node.port)).not.toContain(owner.port);
    expect(after.find((node) => node.port === promoted)).toMatchObject({ role: 'master' });
    // The client learns the new owner on its own (a refused connection refreshes its slot map).
    expect(
      await untilValue(
        () => client.get(key).catch(() => undefined),
        (value) => value !== undefined,
        `${key} to be readable again`,
      ),
    ).toBe('kept');
  });
});
