import type { LadingConfig } from '../../lib/config';
import { loadConfig } from '../../lib/config';
import { subgraphSettingName } from '../../lib/settings';
import { SUBGRAPH_NAMES } from '../../lib/subgraph-names';
import type { GatewayLimits } from '../../gateway/limits/gateway-limits';
import type { SubgraphTraffic } from '../../gateway/federation/subgraph-traffic';
import type { GovernanceOptions } from '../../lib/governance';
import { Role } from '../../lib/identity/identity';
import type { TokenIdentity } from '../../lib/identity/tokens';
import { mintToken } from '../../lib/identity/tokens';
import type { Logger } from '../../lib/logger';
import { silentLogger } from '../../lib/logger';
import type { WebhookSettings } from '../../lib/webhook-settings';
import { createMemoryRuntime } from '../../lib/runtime/memory-runtime';
import type { Runtime } from '../../lib/runtime/runtime';
import type { Stack } from '../../stack/start-stack';
import { startStack } from '../../stack/start-stack';
import type { StartupGate } from '../../lib/server/startup-gate';

const SECRET = 'test-secret-for-lading-e2e';
/** The secret test tokens are signed with, for a token the helpers do not mint (one that expires soon, say). */
export const TEST_JWT_SECRET = SECRET;
/** The secret the test gateway signs subgraph requests with. */
export const TEST_SUBGRAPH_SECRET = 'test-subgraph-secret';

/**
 * The configuration of a test: every default, on loopback with free ports, and what tests need beside them:
 * webhook receivers listen on loopback and queues are polled often, and the SLA scheduler is off (tests date
 * their events in the past, so it would record breaches on every shipment at once; SLA tests turn it on).
 * `env` adds settings as the environment would.
 */
export function testConfig(env: Record<string, string> = {}): LadingConfig {
  const ports = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphSettingName(name, 'PORT'), '0']));
  return loadConfig({
    LADING_HOST: '127.0.0.1',
    LADING_GATEWAY_PORT: '0',
    ...ports,
    LADING_JWT_SECRET: SECRET,
    LADING_WEBHOOK_ALLOW_PRIVATE: 'true',
    LADING_WEBHOOK_POLL: '100ms',
    LADING_SLA_INTERVAL: '0',
    ...env,
  });
}

export interface TestStack {
  stack: Stack;
  runtime: Runtime;
  gatewayUrl: string;
  token(role: Role, customerId?: string): Promise<string>;
  /** A token with any claims the test needs (an integration bound to sources, say). */
  tokenWith(identity: TokenIdentity): Promise<string>;
  /** JSON bodies are left untyped: tests assert on their shape. */
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ status: number; body: any }>;
  postEvents(events: unknown, token: string, contentType?: string): Promise<{ status: number; body: any }>;
  /** Posts events as the integration role and waits until every subgraph has applied them. */
  ingest(events: readonly unknown[]): Promise<any>;
  dispose(): Promise<void>;
}

/** A real gateway and four real subgraphs on ephemeral ports, over an in-memory runtime. */
export async function startTestStack(
  runtime: Runtime = createMemoryRuntime(silentLogger),
  limits?: Partial<GatewayLimits>,
  startup?: StartupGate,
  subgraphTraffic?: Partial<SubgraphTraffic>,
  governance?: Partial<GovernanceOptions>,
  logger: Logger = silentLogger,
  webhooks?: Partial<WebhookSettings>,
  /** Settings as the environment would give them (testConfig's `env`). */
  env: Record<string, string> = {},
): Promise<TestStack> {
  const stack = await startStack({
    config: testConfig(env),
    runtime,
    logger,
    subgraphSecret: TEST_SUBGRAPH_SECRET,
    startup,
    overrides: { limits, webhooks, subgraphTraffic, governance },
  });
  const gatewayUrl = stack.gateway.url;
  const base = gatewayUrl.replace(/\/graphql$/, '');
  const token = (role: Role, customerId?: string) => mintToken({ sub: `test-${role}`, role, customerId }, { secret: SECRET });
  const integration = await token(Role.Integration);
  const postEvents = async (events: unknown, bearer: string, contentType = 'application/cloudevents-batch+json') => {
    const response = await fetch(`${base}/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${bearer}` },
      body: typeof events === 'string' ? events : JSON.stringify(events),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    stack,
    runtime,
    gatewayUrl,
    token,
    tokenWith: (identity) => mintToken(identity, { secret: SECRET }),
    async graphql(query, variables, bearer) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      const response = await fetch(gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return { status: response.status, body: await response.json() };
    },
    postEvents,
    async ingest(events) {
      const result = await postEvents(events, integration);
      await runtime.pipeline.idle();
      return result;
    },
    async dispose() {
      await stack.dispose();
      await runtime.dispose();
    },
  };
}
