import type { LadingConfig } from '../../lib/config';
import type { RateLimits } from '../../lib/rate-limit/rate-limiter';
import { RATE_LIMIT } from '../../lib/rate-limit/rate-limiter';
import type { OptionsOf, OptionSource } from '../../lib/settings';
import { optionsFrom } from '../../lib/settings';
import type { OperationLimits } from './operation-limits';
import { OPERATION_LIMITS } from './operation-limits';

/** Every limit the gateway enforces, each read from its setting. */
export const GATEWAY_LIMITS = {
  operation: OPERATION_LIMITS,
  /** Largest GraphQL request body (413 beyond). */
  maxBodyBytes: 'LADING_MAX_BODY_BYTES',
  /** Milliseconds a graphql-ws client has to send `connection_init`. */
  connectionInitWaitTimeoutMs: 'LADING_WS_INIT_TIMEOUT',
  maxSubscriptionsPerConnection: 'LADING_WS_MAX_SUBSCRIPTIONS',
  /**
   * Live connections (graphql-ws, SSE, multipart) one principal may hold at once: a user's tabs, or a
   * portal backend that multiplexes its users' subscriptions; over it: 4429.
   */
  maxConnectionsPerPrincipal: 'LADING_WS_MAX_CONNECTIONS',
  /** Undelivered updates one subscriber may have before it gets UPDATES_MISSED and is closed. */
  maxBufferedUpdates: 'LADING_SUBSCRIPTION_BUFFER',
  maxWsMessageBytes: 'LADING_WS_MAX_MESSAGE_BYTES',
  /** WebSocket ping interval. */
  keepAliveMs: 'LADING_WS_PING_INTERVAL',
  /** Tokens per principal on /graphql, graphql-ws and /events; a GraphQL operation is charged by cost. */
  rate: RATE_LIMIT,
  /** Estimated cost one rate-limit token pays for (an operation is charged at least 1 token). */
  costPerToken: 'LADING_RATE_COST_PER_TOKEN',
  /** Longest a budget refusal (429) is held before it is answered, never past its Retry-After; 0: at once. */
  refusalPaceMs: 'LADING_RATE_LIMIT_PACE',
  /** Queries and mutations one graphql-ws connection may run at once (subscriptions have their own cap). */
  maxOperationsPerConnection: 'LADING_WS_MAX_OPERATIONS',
  /** Distinct documents kept parsed and validated. */
  documentCacheSize: 'LADING_DOCUMENT_CACHE_SIZE',
  /** Origins allowed by CORS; undefined or empty: no CORS headers. */
  corsOrigins: 'LADING_CORS_ORIGINS',
} as const satisfies OptionSource;
export type GatewayLimits = Omit<OptionsOf<typeof GATEWAY_LIMITS>, 'rate' | 'operation'> & { rate: RateLimits; operation: OperationLimits };

export function gatewayLimitsFrom(config: LadingConfig): GatewayLimits {
  return optionsFrom(GATEWAY_LIMITS, config.settings);
}
