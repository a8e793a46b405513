import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { createLogger, silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import type { Stack } from '../stack/start-stack';
import { startStack } from '../stack/start-stack';
import { testConfig } from './support/test-stack';

const SECRET = 'access-log-test-secret';

interface Line {
  message: string;
  service?: string;
  level: string;
  status?: number;
  traceId?: string;
  path?: string;
}

/** The gateway and subgraphs with `env`, their log lines (info and up) kept. */
async function loggingStack(env: Record<string, string>) {
  const lines: Line[] = [];
  const runtime = createMemoryRuntime(silentLogger);
  const stack: Stack = await startStack({
    config: testConfig({ LADING_JWT_SECRET: SECRET, ...env }),
    runtime,
    logger: createLogger({}, 'info', (line) => lines.push(JSON.parse(line) as Line)),
    subgraphSecret: 'access-log-subgraph-secret',
  });
  const token = await mintToken({ sub: 'rep', role: Role.ServiceRep }, { secret: SECRET });
  const query = async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ shipments(first: 1) { edges { node { id } } } }' }),
    });
    expect(response.status).toBe(200);
    await response.text();
  };
  const gatewayRequests = () => lines.filter((l) => l.service === 'gateway' && l.message === 'request');
  return {
    query,
    gatewayRequests,
    async dispose() {
      await stack.dispose();
      await runtime.dispose();
    },
  };
}

describe('access logs', () => {
  it('are off by default: ordinary requests are counted in the metrics, not logged', async () => {
    const s = await loggingStack({});
    try {
      for (let i = 0; i < 5; i++) await s.query();
      expect(s.gatewayRequests()).toEqual([]);
    } finally {
      await s.dispose();
    }
  });

  it('log the sampled share of requests with their trace id (LADING_ACCESS_LOG_SAMPLE=1: every one)', async () => {
    const s = await loggingStack({ LADING_ACCESS_LOG_SAMPLE: '1' });
    try {
      for (let i = 0; i < 5; i++) await s.query();
      const logged = s.gatewayRequests();
      expect(logged).toHaveLength(5);
      for (const line of logged)
        expect(line).toMatchObject({ level: 'info', status: 200, path: '/graphql', traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    } finally {
      await s.dispose();
    }
  });
});
