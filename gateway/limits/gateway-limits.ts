import type { LadingConfig } from '../../lib/config';
import { defaultConfig } from '../../lib/config';
import type { RateLimitOptions } from '../../lib/rate-limit/rate-limiter';
import type { OperationLimits } from './operation-limits';

/** Every limit the gateway enforces; each is a setting (lib/settings), shaped by `gatewayLimitsFrom`. */
export interface GatewayLimits {
  /** `LADING_MAX_*`, `LADING_COST_*`. */
  operation: OperationLimits;
  /** Largest GraphQL request body (413 beyond): `LADING_MAX_BODY_BYTES`. */
  maxBodyBytes: number;
  /** Milliseconds a graphql-ws client has to send `connection_init`: `LADING_WS_INIT_TIMEOUT`. */
  connectionInitWaitTimeoutMs: number;
  /** Subscriptions one graphql-ws connection may hold: `LADING_WS_MAX_SUBSCRIPTIONS`. */
  maxSubscriptionsPerConnection: number;
  /**
   * Live connections (graphql-ws, SSE, multipart) one principal may hold at once: a user's tabs, or a
   * portal backend that multiplexes its users' subscriptions; over it: 4429. `LADING_WS_MAX_CONNECTIONS`.
   */
  maxConnectionsPerPrincipal: number;
  /** Undelivered updates one subscriber may have before it gets UPDATES_MISSED and is closed: `LADING_SUBSCRIPTION_BUFFER`. */
  maxBufferedUpdates: number;
  /** Largest graphql-ws message: `LADING_WS_MAX_MESSAGE_BYTES`. */
  maxWsMessageBytes: number;
  /** WebSocket ping interval: `LADING_WS_PING_INTERVAL`. */
  keepAliveMs: number;
  /** Tokens per principal on /graphql, graphql-ws and /events; a GraphQL operation is charged by cost. `LADING_RATE_LIMIT_*`. */
  rate: RateLimitOptions;
  /** Estimated cost one rate-limit token pays for: `LADING_RATE_COST_PER_TOKEN`. */
  costPerToken: number;
  /** Longest a budget refusal (429) is held before it is answered, never past its Retry-After; 0: at once. `LADING_RATE_LIMIT_PACE`. */
  refusalPaceMs: number;
  /** Queries and mutations one graphql-ws connection may run at once (subscriptions have their own cap): `LADING_WS_MAX_OPERATIONS`. */
  maxOperationsPerConnection: number;
  /** Distinct documents kept parsed and validated: `LADING_DOCUMENT_CACHE_SIZE`. */
  documentCacheSize: number;
  /** Origins allowed by CORS: `LADING_CORS_ORIGINS`. */
  corsOrigins: string[];
}

export function gatewayLimitsFrom(config: LadingConfig): GatewayLimits {
  return {
    operation: config.operationLimits,
    maxBodyBytes: config.maxBodyBytes,
    ...config.websocketLimits,
    rate: config.rateLimit,
    ...config.pipeline,
    corsOrigins: config.corsOrigins,
  };
}

/** The defaults of lib/settings, for callers (tests) that give only some limits. */
export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = gatewayLimitsFrom(defaultConfig());
