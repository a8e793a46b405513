import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { traceIdFrom } from '../../lib/server/trace-context';
import type { RequestPipeline } from '../pipeline';
import type { GatewayContext } from './gateway-context';

/** The original error behind each formatted one: Apollo's `formatError` is the only place that sees both. */
const originals = new WeakMap<GraphQLFormattedError, unknown>();

/** Apollo's `formatError`: remembers the original so the pipeline's masking can log its detail. */
export function rememberOriginal(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError {
  const copy = { ...formatted };
  originals.set(copy, original);
  return copy;
}

/**
 * Errors of an HTTP execution go through the same formatting as every other transport's
 * (the pipeline's suggestion and error masking), with the caller's identity and trace; a result whose
 * request asked for its cost carries it in `extensions.cost`.
 */
export function usePipelineErrors(pipeline: RequestPipeline): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // Asked for with `"extensions": { "cost": true }` (docs/request-pipeline.md).
          if (contextValue.reportCost) result.extensions = { ...result.extensions, cost: contextValue.reportCost(result.data) };
          const errors = result.errors;
          if (!errors) return;
          const context = { identity: contextValue.identity, traceId: traceIdFrom(contextValue.traceparent) };
          result.errors = pipeline.formatErrors(
            context,
            errors,
            errors.map((e) => originals.get(e) ?? e),
          );
        },
      };
    },
  };
}
