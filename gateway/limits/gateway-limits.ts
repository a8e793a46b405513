import { LadingConfig } from '../../lib/config';
import { DEFAULT_RATE_LIMIT, RateLimitOptions } from '../../lib/rate-limit/rate-limiter';
import { DEFAULT_OPERATION_LIMITS, OperationLimits } from './operation-limits';

/** Every limit the gateway enforces, with its defaults; all configurable through lib/config.ts. */
export interface GatewayLimits {
  operation: OperationLimits;
  /** Largest GraphQL request body (default 1 MiB; 413 beyond). */
  maxBodyBytes: number;
  /** Milliseconds a graphql-ws client has to send `connection_init` (default 3000). */
  connectionInitWaitTimeoutMs: number;
  /** Subscriptions one graphql-ws connection may hold (default 50). */
  maxSubscriptionsPerConnection: number;
  /**
   * Live connections (graphql-ws, SSE, multipart) one principal may hold at once (default 100:
   * a user's tabs, or a portal backend that multiplexes its users' subscriptions); over it: 4429.
   */
  maxConnectionsPerPrincipal: number;
  /** Undelivered updates one subscriber may have before it gets UPDATES_MISSED and is closed (default 1,000). */
  maxBufferedUpdates: number;
  /** Largest graphql-ws message (default 64 KiB). */
  maxWsMessageBytes: number;
  /** WebSocket ping interval (default 15 s). */
  keepAliveMs: number;
  /** Tokens per principal on /graphql, graphql-ws and /events (default 50/s, burst 100); a GraphQL operation is charged by cost. */
  rate: RateLimitOptions;
  /** Estimated cost one rate-limit token pays for (default 100; a cheap query is 1 token). */
  costPerToken: number;
  /** Longest a budget refusal (429) is held before it is answered (default 1000 ms, never past its Retry-After; 0: answer at once). */
  refusalPaceMs: number;
  /** Queries and mutations one graphql-ws connection may run at once (default 10); subscriptions have their own cap. */
  maxOperationsPerConnection: number;
  /** Distinct documents kept parsed and validated (default 1000). */
  documentCacheSize: number;
  /** Origins allowed by CORS (default none). */
  corsOrigins: string[];
}

export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = {
  operation: DEFAULT_OPERATION_LIMITS,
  maxBodyBytes: 1024 * 1024,
  connectionInitWaitTimeoutMs: 3000,
  maxSubscriptionsPerConnection: 50,
  maxConnectionsPerPrincipal: 100,
  maxBufferedUpdates: 1000,
  maxWsMessageBytes: 64 * 1024,
  keepAliveMs: 15_000,
  rate: DEFAULT_RATE_LIMIT,
  costPerToken: 100,
  refusalPaceMs: 1000,
  maxOperationsPerConnection: 10,
  documentCacheSize: 1000,
  corsOrigins: [],
};

export function gatewayLimitsFrom(config: LadingConfig): GatewayLimits {
  return { ...DEFAULT_GATEWAY_LIMITS, operation: config.operationLimits, maxBodyBytes: config.maxBodyBytes, ...config.websocketLimits, rate: config.rateLimit, ...config.pipeline, corsOrigins: config.corsOrigins };
}
