import { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, visit, BREAK } from 'graphql';
import { ForbiddenError } from '../../lib/errors';
import { Role } from '../../lib/identity/identity';
import { GatewayContext } from './gateway-context';

export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Only service reps may introspect (the explorer); portals get FORBIDDEN (CONTRACT §3). */
export function useIntrospectionGuard(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (contextValue.identity.role !== Role.ServiceRep && usesIntrospection(document)) {
            throw new ForbiddenError('introspection is for service reps only');
          }
        },
      };
    },
  };
}
