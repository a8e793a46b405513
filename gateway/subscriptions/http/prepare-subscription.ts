import type { DocumentNode, GraphQLError } from 'graphql';
import { OperationTypeNode } from 'graphql';
import { decodeCursor } from '../../../lib/graphql/cursor';
import type { Prepared } from '../../pipeline';
import type { SubscriptionHub } from '../subscription-hub';

export type HttpSubscription =
  | { kind: 'subscription'; document: DocumentNode; operationName: string | null; variables: Record<string, unknown> }
  /** Not a subscription: left to the HTTP GraphQL server. */
  | { kind: 'other' }
  | { kind: 'refused'; errors: GraphQLError[] };

/**
 * A subscription over HTTP starts from the operation the request pipeline prepared: parsed, guarded
 * (authentication, role, budget, limits, introspection) and validated once, as on every transport.
 * What is left is what only a subscription needs: a readable resume cursor and a plan.
 */
export function prepareSubscription(prepared: Prepared, hub: SubscriptionHub, lastEventId?: string): HttpSubscription {
  if (prepared.operation.operation !== OperationTypeNode.SUBSCRIPTION) return { kind: 'other' };
  if (lastEventId) {
    try {
      decodeCursor(lastEventId);
    } catch (error) {
      return { kind: 'refused', errors: [error as GraphQLError] };
    }
  }
  const operationName = prepared.operationName ?? null;
  const unplannable = hub.check(prepared.document, operationName, prepared.variables);
  if (unplannable) return { kind: 'refused', errors: unplannable };
  return { kind: 'subscription', document: prepared.document, operationName, variables: prepared.variables };
}
