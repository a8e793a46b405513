import type { Authenticator } from '../gateway/auth/authenticator';
import { start as startGateway } from '../gateway/server';
import type { GatewayLimits } from '../gateway/limits/gateway-limits';
import type { SubgraphTraffic } from '../gateway/federation/subgraph-traffic';
import { gatewayOptionsFrom } from '../gateway/gateway-options';
import type { LadingConfig } from '../lib/config';
import type { RunningService } from '../lib/server/subgraph-server';
import type { SubgraphName } from '../lib/subgraph-names';
import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { start as startFinance } from '../subgraphs/finance/server';
import { start as startGovernance } from '../subgraphs/governance/server';
import { start as startOrders } from '../subgraphs/orders/server';
import { start as startTransport } from '../subgraphs/transport/server';
import { start as startWarehouse } from '../subgraphs/warehouse/server';
import type { SubgraphStartOptions } from '../lib/server/subgraph-service';
import type { StartServices } from '../lib/server/start-services';
import { subgraphOptionsFrom } from '../lib/server/subgraph-options';
import type { WebhookSettings } from '../lib/webhook-settings';
import type { GovernanceOptions } from '../lib/governance';

/** Each subgraph's start: the one composition root that sees them all. */
export const SUBGRAPH_STARTERS: Record<SubgraphName, (options: SubgraphStartOptions) => Promise<RunningService>> = {
  orders: startOrders,
  warehouse: startWarehouse,
  transport: startTransport,
  finance: startFinance,
  governance: startGovernance,
};

/** What tests set beyond the environment: a fake clock, a limit outside a setting's range, their own authenticator. */
export interface StackOverrides {
  limits?: Partial<GatewayLimits>;
  subgraphTraffic?: Partial<SubgraphTraffic>;
  webhooks?: Partial<WebhookSettings>;
  governance?: Partial<GovernanceOptions>;
  authenticate?: Authenticator;
}

export interface StackOptions extends StartServices {
  config: LadingConfig;
  overrides?: StackOverrides;
}

export interface Stack {
  gateway: RunningService;
  subgraphs: Record<SubgraphName, RunningService>;
  dispose(): Promise<void>;
}

/** The whole layer in one process: five subgraphs, then the gateway in front of them, each started as its own process would be. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { config, overrides = {}, ...services } = options;
  const subgraphs = {} as Record<SubgraphName, RunningService>;
  for (const name of SUBGRAPH_NAMES) {
    const started = subgraphOptionsFrom(config, name, services);
    subgraphs[name] = await SUBGRAPH_STARTERS[name]({
      ...started,
      webhooks: { ...started.webhooks, ...overrides.webhooks },
      governance: { ...started.governance, ...overrides.governance },
    });
  }
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].url])) as Record<SubgraphName, string>;
  const gatewayOptions = gatewayOptionsFrom(config, { ...services, subgraphUrls });
  const gateway = await startGateway({
    ...gatewayOptions,
    authenticate: overrides.authenticate ?? gatewayOptions.authenticate,
    limits: { ...gatewayOptions.limits, ...overrides.limits },
    subgraphTraffic: { ...gatewayOptions.subgraphTraffic, ...overrides.subgraphTraffic },
  });
  return {
    gateway,
    subgraphs,
    async dispose() {
      await gateway.dispose();
      await Promise.all(SUBGRAPH_NAMES.map((n) => subgraphs[n].dispose()));
    },
  };
}
