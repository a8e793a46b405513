import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import { QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { print } from 'graphql';

export interface PlannedOperation {
  plan: QueryPlan;
  operationContext: ReturnType<typeof buildOperationContext>;
}

/** Distinct subscription operations kept planned: portals use a handful each, so 500 covers many without growing unbounded. */
const CACHE_LIMIT = 500;

/**
 * Plans operations over the committed supergraph with Apollo's query planner, the same planner
 * @apollo/gateway uses, so that subscriptions are planned like any other operation.
 */
export class FederatedPlanner {
  readonly supergraph: Supergraph;
  /** The client-facing schema (no federation internals), for validation. */
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  /** The API schema in federation-internals' form, which executeQueryPlan expects. */
  readonly apiSchemaDefinition: ReturnType<Supergraph['apiSchema']>;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, PlannedOperation>();

  constructor(supergraphSdl: string) {
    this.supergraph = Supergraph.build(supergraphSdl);
    this.apiSchemaDefinition = this.supergraph.apiSchema();
    this.apiSchema = this.apiSchemaDefinition.toGraphQLJSSchema();
    this.supergraphSchema = this.supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(this.supergraph);
  }

  plan(document: DocumentNode, operationName?: string | null): PlannedOperation {
    const key = `${operationName ?? ''}\u0000${print(document)}`;
    let planned = this.cache.get(key);
    if (!planned) {
      const operation = operationFromDocument(this.apiSchemaDefinition, document, { operationName: operationName ?? undefined });
      planned = {
        plan: this.planner.buildQueryPlan(operation),
        operationContext: buildOperationContext({
          schema: this.apiSchema,
          operationDocument: document,
          operationName: operationName ?? undefined,
        }),
      };
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, planned);
    }
    return planned;
  }
}
