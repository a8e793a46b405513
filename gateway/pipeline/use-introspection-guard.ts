import type { DocumentNode } from 'graphql';
import { BREAK, visit } from 'graphql';
import { ErrorCode } from '../../lib/errors';
import { Role } from '../../lib/identity/identity';
import type { PipelinePlugin } from './types';
import { refuse } from './types';

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

/** Only service reps may introspect (the explorer); anyone else gets 403 FORBIDDEN (docs/contract.md §3). */
export function useIntrospectionGuard(): PipelinePlugin {
  return {
    name: 'introspection-guard',
    onOperation(context) {
      if (!context.invalid && context.identity?.role !== Role.ServiceRep && context.document && usesIntrospection(context.document)) {
        return refuse(403, ErrorCode.Forbidden, 'introspection is for service reps only');
      }
    },
  };
}
