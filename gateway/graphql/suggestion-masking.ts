import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Role } from '../../lib/identity/identity';
import { GatewayContext } from './gateway-context';

const SUGGESTION = /\s*Did you mean .*\?$/;

/** A message without its trailing "Did you mean …?". */
export function withoutSuggestion(message: string): string {
  return message.replace(SUGGESTION, '');
}

/** Validation errors as a non-service-rep may see them (the graphql-ws path validates by itself). */
export function withoutSuggestions(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((e) => new GraphQLError(withoutSuggestion(e.message), { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, extensions: e.extensions }));
}

/** Strips "Did you mean …?" from errors: field suggestions reveal the schema, which only service reps may explore. */
export function useSuggestionMasking(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.identity?.role === Role.ServiceRep || response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors) return;
          response.body.singleResult.errors = errors.map((error) => ({ ...error, message: withoutSuggestion(error.message) }));
        },
      };
    },
  };
}
