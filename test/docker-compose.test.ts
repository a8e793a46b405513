import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../lib/config';
import { SETTINGS } from '../lib/settings';
import { GATEWAY_NODE_OPTIONS } from '../stack/gateway-heap';

interface Service {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  entrypoint?: string[];
  profiles?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const ROOT = path.join(__dirname, '..');
// The file's anchors merge into each other (every Lading service, every cluster node): more aliases than yaml allows by default.
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true, maxAliasCount: -1 }) as {
  services: Record<string, Service>;
};

/** The Lading services of the default stack (those built from this repository, tools aside) and the cluster profile's. */
const LADING = Object.keys(compose.services).filter((name) => compose.services[name].build && !compose.services[name].profiles);
const CLUSTER_NODES = ['redis-1', 'redis-2', 'redis-3', 'redis-4', 'redis-5', 'redis-6'];

/** Compose's `${NAME:-default}` / `${NAME}` interpolation for the variables the operator did (not) set. */
function interpolate(value: string, shell: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_all, name: string, fallback?: string) => shell[name] || fallback || '');
}

function serviceEnv(service: string, shell: Record<string, string>): Record<string, string> {
  const env = compose.services[service].environment ?? {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, shell)]));
}

describe('docker-compose.yml', () => {
  it('runs with its defaults for development', () => {
    for (const service of ['gateway', 'orders', 'transport']) expect(() => loadConfig(serviceEnv(service, {}))).not.toThrow();
  });

  it.each(['gateway', 'orders', 'warehouse', 'transport', 'finance', 'cluster-gateway', 'cluster-orders'])(
    'refuses to start %s under NODE_ENV=production with its default secrets',
    (service) => {
      expect(() => loadConfig(serviceEnv(service, { NODE_ENV: 'production' }))).toThrow(ConfigError);
      // Only the JWT secret set: the default subgraph secret alone is refused too.
      expect(() => loadConfig(serviceEnv(service, { NODE_ENV: 'production', LADING_JWT_SECRET: 'a-real-secret-of-some-length' }))).toThrow(
        /LADING_SUBGRAPH_SECRET/,
      );
      expect(() =>
        loadConfig(
          serviceEnv(service, { NODE_ENV: 'production', LADING_JWT_SECRET: 'a-real-secret', LADING_SUBGRAPH_SECRET: 'another-real-one' }),
        ),
      ).not.toThrow();
    },
  );

  it('signs with the secret `npm run token` uses by default, so documented token commands work against it', () => {
    const gateway = loadConfig(serviceEnv('gateway', {}));
    expect(gateway.jwt.secret).toBe(loadConfig({}).jwt.secret);
    // …and knows it, so each service warns at start that anyone can mint tokens for it.
    expect(gateway.jwt.isDevelopmentSecret).toBe(true);
    expect(loadConfig(serviceEnv('gateway', { LADING_JWT_SECRET: 'a-real-secret' })).jwt.isDevelopmentSecret).toBe(false);
  });

  it("mints tokens with the stack's own secret through its token service", () => {
    const token = compose.services.token;
    expect(token.entrypoint?.join(' ')).toMatch(/scripts\/token\.ts/);
    expect(token.profiles).toBeDefined();
    expect(serviceEnv('token', { LADING_JWT_SECRET: 'x' }).LADING_JWT_SECRET).toBe('x');
  });

  it('checks the gateway is ready on its own port', () => {
    const check = compose.services.gateway.healthcheck?.test.join(' ') ?? '';
    expect(check).toMatch(/127\.0\.0\.1:4000\/health\/ready/);
    expect(compose.services.gateway.ports).toContain('4000:4000');
  });

  it('runs the gateway with the heap limit the benchmarked topology uses (stack/gateway-heap.ts)', () => {
    expect(compose.services.gateway.command?.slice(1, -1)).toEqual(GATEWAY_NODE_OPTIONS);
  });

  it('names only settings Lading declares', () => {
    expect(LADING).toEqual(['orders', 'warehouse', 'transport', 'finance', 'governance', 'gateway']);
    for (const service of LADING)
      expect([service, Object.keys(serviceEnv(service, {})).filter((name) => !(name in SETTINGS))]).toEqual([service, []]);
  });

  it('keeps every write on disk before Redis answers it, so a 202 survives a crash', () => {
    expect(compose.services.redis.command?.join(' ')).toMatch(/--appendonly yes --appendfsync always/);
    for (const node of CLUSTER_NODES) expect(compose.services[node].command?.join(' ')).toMatch(/--appendonly yes --appendfsync always/);
  });

  describe('profile cluster', () => {
    it('has six cluster nodes that its init service joins into three masters with a replica each', () => {
      for (const node of CLUSTER_NODES) {
        expect(compose.services[node].profiles).toEqual(['cluster']);
        expect(compose.services[node].command?.join(' ')).toMatch(/--cluster-enabled yes/);
      }
      const init = compose.services['redis-cluster-init'];
      expect(init.profiles).toEqual(['cluster']);
      expect(Object.keys(init.depends_on ?? {})).toEqual(CLUSTER_NODES);
      const script = init.command?.join('\n') ?? '';
      expect(script).toMatch(/redis-cli --cluster create .* --cluster-replicas 1 --cluster-yes/);
      expect(script).toContain(`for host in ${CLUSTER_NODES.join(' ')}; do`);
    });

    it.each(['orders', 'warehouse', 'transport', 'finance', 'governance', 'gateway'])(
      'runs %s on the cluster, configured as on one node but for the Redis it names',
      (name) => {
        const single = compose.services[name];
        const onCluster = compose.services[`cluster-${name}`];
        expect(onCluster.profiles).toEqual(['cluster']);
        expect(onCluster.command).toEqual(single.command);
        const { REDIS_URL, ...rest } = serviceEnv(name, {});
        expect(REDIS_URL).toBe('redis://redis:6379');
        const expected = Object.fromEntries(
          Object.entries(rest).map(([key, value]) => [key, value.replace(/^http:\/\/(\w+):/, 'http://cluster-$1:')]),
        );
        expect(serviceEnv(`cluster-${name}`, {})).toEqual({
          ...expected,
          REDIS_CLUSTER_NODES: CLUSTER_NODES.map((node) => `${node}:6379`).join(','),
        });
        if (name !== 'gateway')
          expect(onCluster.depends_on).toEqual({ 'redis-cluster-init': { condition: 'service_completed_successfully' } });
        else expect(Object.keys(onCluster.depends_on ?? {}).every((dependency) => dependency.startsWith('cluster-'))).toBe(true);
        expect(() => loadConfig(serviceEnv(`cluster-${name}`, {}))).not.toThrow();
      },
    );
  });
});
