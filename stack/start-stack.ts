import { Authenticator } from '../gateway/auth/authenticator';
import { start as startGateway } from '../gateway/server';
import { GatewayLimits } from '../gateway/limits/gateway-limits';
import { SubgraphTraffic } from '../gateway/federation/subgraph-traffic';
import { Logger } from '../lib/logger';
import { Runtime } from '../lib/runtime/runtime';
import { RunningService } from '../lib/server/subgraph-server';
import { SUBGRAPH_NAMES, SubgraphName } from '../lib/subgraph-names';
import { start as startFinance } from '../subgraphs/finance/server';
import { start as startOrders } from '../subgraphs/orders/server';
import { start as startTransport } from '../subgraphs/transport/server';
import { start as startWarehouse } from '../subgraphs/warehouse/server';
import { SubgraphStartOptions } from '../lib/server/subgraph-service';
import { WebhookSettings } from '../lib/webhook-settings';
import { GovernanceOptions } from '../lib/governance';
import { StartupGate } from '../lib/server/startup-gate';
import { EVENT_CONSUMERS } from './subgraph-handlers';

/** Each subgraph's start, given what only the whole stack knows (the transport's event consumers). */
export const SUBGRAPH_STARTERS: Record<SubgraphName, (options: SubgraphStartOptions) => Promise<RunningService>> = {
  orders: startOrders,
  warehouse: startWarehouse,
  transport: (options) => startTransport({ ...options, eventConsumers: EVENT_CONSUMERS }),
  finance: startFinance,
};

export interface StackOptions {
  runtime: Runtime;
  logger: Logger;
  host: string;
  gatewayPort: number;
  /** Ports of the subgraphs; 0 (ephemeral) for each when omitted. */
  subgraphPorts?: Record<SubgraphName, number>;
  supergraphSdl: string;
  authenticate: Authenticator;
  eventsMaxBytes: number;
  /** Shared by the gateway and the subgraphs: subgraphs answer only requests signed with it. */
  subgraphSecret: string;
  /** How stale a signed subgraph request may be; default 60 s. */
  signatureMaxSkewMs?: number;
  limits?: Partial<GatewayLimits>;
  /** Webhook delivery settings for the transport subgraph. */
  webhooks?: Partial<WebhookSettings>;
  /** SLA rules, scheduler interval and clock (LADING_SLA_*); defaults in lib/governance.ts. */
  governance?: Partial<GovernanceOptions>;
  subgraphTraffic?: Partial<SubgraphTraffic>;
  /** Start-up work (demo data) every service's readiness waits for. */
  startup?: StartupGate;
}

export interface Stack {
  gateway: RunningService;
  subgraphs: Record<SubgraphName, RunningService>;
  dispose(): Promise<void>;
}

/** The whole layer in one process: four subgraphs, then the gateway in front of them. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const subgraphs = {} as Record<SubgraphName, RunningService>;
  for (const name of SUBGRAPH_NAMES) {
    subgraphs[name] = await SUBGRAPH_STARTERS[name]({
      runtime: options.runtime,
      logger: options.logger,
      host: options.host,
      port: options.subgraphPorts?.[name] ?? 0,
      subgraphSecret: options.subgraphSecret,
      signatureMaxSkewMs: options.signatureMaxSkewMs,
      webhooks: options.webhooks,
      governance: options.governance,
      startup: options.startup,
    });
  }
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].url])) as Record<SubgraphName, string>;
  const gateway = await startGateway({
    host: options.host,
    port: options.gatewayPort,
    supergraphSdl: options.supergraphSdl,
    subgraphUrls,
    authenticate: options.authenticate,
    runtime: options.runtime,
    eventsMaxBytes: options.eventsMaxBytes,
    subgraphSecret: options.subgraphSecret,
    limits: options.limits,
    subgraphTraffic: options.subgraphTraffic,
    startup: options.startup,
    logger: options.logger,
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
