import type { GraphQLSchema } from 'graphql';
import type { ErrorPolicy } from '../../lib/graphql/error-policy';
import type { Role } from '../../lib/identity/identity';
import type { Logger } from '../../lib/logger';
import type { RateLimiter } from '../../lib/rate-limit/rate-limiter';
import type { Authenticator } from '../auth/authenticator';
import type { CostDirectives } from '../limits/cost-directives';
import type { GatewayLimits } from '../limits/gateway-limits';
import type { SubgraphBoundaries } from '../limits/subgraph-boundaries';
import { costEstimate } from './cost-estimate';
import { costMeasure } from './cost-report';
import type { RefusalPacer } from './refusal-pacer';
import { DocumentCache } from './document-cache';
import { PersistedDocuments } from './persisted-documents';
import type { RequestPipeline } from './request-pipeline';
import { createRequestPipeline } from './request-pipeline';
import { useAuthentication } from './use-authentication';
import { useErrorMasking } from './use-error-masking';
import { useIntrospectionGuard } from './use-introspection-guard';
import { useOperationLimits } from './use-operation-limits';
import { useRateLimit } from './use-rate-limit';
import { useRoleGate } from './use-role-gate';
import { useSuggestionMasking } from './use-suggestion-masking';
import { useTraceContext } from './use-trace-context';
import { useTrustedDocuments } from './use-trusted-documents';

export interface GatewayPipelineOptions {
  schema: GraphQLSchema;
  authenticate: Authenticator;
  /** The bucket of a principal of each role (LADING_RATE_LIMIT_RPS and _BURST are per role). */
  rateLimiter: (role: Role) => RateLimiter;
  /** `@cost` and `@listSize` of the supergraph, which weigh each operation. */
  costDirectives?: CostDirectives;
  limits: GatewayLimits;
  logger: Logger;
  /** Where the supergraph crosses subgraphs, so the cost estimate weighs entity fetches. */
  boundaries?: SubgraphBoundaries;
  /** Holds budget refusals until their Retry-After (bounded), so retrying at once is not cheaper than waiting. */
  pacer?: RefusalPacer;
  /** Trusted documents and automatic persisted queries (by default: none listed, customers logged, nothing enforced). */
  persisted?: PersistedDocuments;
  /** Which errors keep their message (default: Lading's public codes only). */
  errorPolicy?: ErrorPolicy;
}

/**
 * The gateway's guards, registered once, in the order they decide: who (authentication, role,
 * trace), which document (trusted documents, persisted queries), then how much (rate limit by cost,
 * operation limits), then what (introspection); errors lose their suggestions, then anything
 * internal is masked (or kept, by the error policy).
 */
export function gatewayPipeline(options: GatewayPipelineOptions): RequestPipeline {
  const { schema, limits, logger } = options;
  return createRequestPipeline({
    schema,
    documents: new DocumentCache(schema, limits.operation.maxTokens, limits.documentCacheSize),
    estimate: costEstimate(schema, limits.operation, options.boundaries, options.costDirectives),
    measure: costMeasure(schema, limits.operation, options.boundaries, options.costDirectives),
    plugins: [
      useAuthentication(options.authenticate),
      useRoleGate(),
      useTraceContext(),
      useTrustedDocuments(options.persisted ?? new PersistedDocuments(), logger),
      useRateLimit(options.rateLimiter, { costPerToken: limits.costPerToken, maxCost: limits.operation.maxCost }, logger, options.pacer),
      useOperationLimits(limits.operation.maxCost),
      useIntrospectionGuard(),
      useSuggestionMasking(),
      useErrorMasking(logger, options.errorPolicy),
    ],
  });
}
