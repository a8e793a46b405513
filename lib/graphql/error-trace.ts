import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';

/** The trace each error met in a request belongs to; weak, so errors are collected as usual. */
const traces = new WeakMap<object, string>();

/**
 * Remembers the request's trace id for each error it meets. Apollo calls `formatError` (maskError)
 * without the request, with the very error objects this hook saw, so the masked error can still
 * name the trace its logged detail is filed under.
 */
export function useErrorTrace<TContext extends BaseContext>(
  traceIdOf: (request: GraphQLRequestContext<TContext>) => string | undefined,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors(request) {
          const traceId = traceIdOf(request);
          if (traceId) for (const error of request.errors) traces.set(error, traceId);
        },
      };
    },
  };
}

/** The trace id remembered for an error, if it was met inside a request. */
export function traceIdOfError(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? traces.get(error) : undefined;
}
