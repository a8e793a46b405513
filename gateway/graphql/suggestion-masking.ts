import { ApolloServerPlugin } from '@apollo/server';
import { Role } from '../../lib/identity/identity';
import { GatewayContext } from './gateway-context';

const SUGGESTION = /\s*Did you mean .*\?$/;

/** Strips "Did you mean …?" from errors: field suggestions reveal the schema, which only service reps may explore. */
export function useSuggestionMasking(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.identity?.role === Role.ServiceRep || response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors) return;
          response.body.singleResult.errors = errors.map((error) => ({ ...error, message: error.message.replace(SUGGESTION, '') }));
        },
      };
    },
  };
}
