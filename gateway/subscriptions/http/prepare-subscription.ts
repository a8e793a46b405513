import type { DocumentNode } from 'graphql';
import { GraphQLError, OperationTypeNode, getOperationAST, parse, validate } from 'graphql';
import { ErrorCode } from '../../../lib/errors';
import { decodeCursor } from '../../../lib/graphql/cursor';
import type { Identity } from '../../../lib/identity/identity';
import { Role } from '../../../lib/identity/identity';
import { usesIntrospection, withoutSuggestion } from '../../pipeline';
import type { FederatedPlanner } from '../federated-planner';
import type { SubscriptionHub } from '../subscription-hub';

export interface HttpOperation {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

export type Prepared =
  | { kind: 'subscription'; document: DocumentNode; operationName: string | null; variables: Record<string, unknown> }
  /** Not a subscription: left to the HTTP GraphQL server. */
  | { kind: 'other' }
  | { kind: 'refused'; errors: GraphQLError[] };

/**
 * The guards a subscription over HTTP passes, the same as over graphql-ws: parse, validation
 * (suggestions for service reps only), introspection for service reps only, and a plan. Size and
 * depth limits, authentication and the rate limit run before, as for any `POST /graphql`.
 */
export function prepareSubscription(
  body: HttpOperation,
  identity: Identity,
  planner: FederatedPlanner,
  hub: SubscriptionHub,
  lastEventId?: string,
): Prepared {
  const refuse = (message: string, code: ErrorCode): Prepared => ({
    kind: 'refused',
    errors: [new GraphQLError(message, { extensions: { code } })],
  });
  if (typeof body.query !== 'string') return refuse('a query is required', ErrorCode.BadUserInput);
  if (body.variables !== undefined && body.variables !== null && (typeof body.variables !== 'object' || Array.isArray(body.variables)))
    return refuse('variables must be an object', ErrorCode.BadUserInput);
  const operationName = typeof body.operationName === 'string' ? body.operationName : null;
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return { kind: 'refused', errors: [error as GraphQLError] };
  }
  if (getOperationAST(document, operationName)?.operation !== OperationTypeNode.SUBSCRIPTION) return { kind: 'other' };
  const errors = validate(planner.apiSchema, document);
  if (errors.length > 0)
    return {
      kind: 'refused',
      errors:
        identity.role === Role.ServiceRep
          ? [...errors]
          : errors.map(
              (e) =>
                new GraphQLError(withoutSuggestion(e.message), {
                  nodes: e.nodes,
                  source: e.source,
                  positions: e.positions,
                  extensions: e.extensions,
                }),
            ),
    };
  if (identity.role !== Role.ServiceRep && usesIntrospection(document))
    return refuse('introspection is for service reps only', ErrorCode.Forbidden);
  const variables = { ...((body.variables as Record<string, unknown> | null) ?? {}) };
  if (lastEventId) {
    try {
      decodeCursor(lastEventId);
    } catch (error) {
      return { kind: 'refused', errors: [error as GraphQLError] };
    }
  }
  const unplannable = hub.check(document, operationName, variables);
  if (unplannable) return { kind: 'refused', errors: unplannable };
  return { kind: 'subscription', document, operationName, variables };
}
