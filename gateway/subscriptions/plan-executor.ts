import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import { executeQueryPlan } from '@apollo/gateway';
import type { FetchNode, PlanNode, QueryPlan } from '@apollo/query-planner';
import type { ExecutionResult } from 'graphql';
import type { Logger } from '../../lib/logger';
import type { GatewayContext } from '../graphql/gateway-context';
import type { FederatedPlanner, PlannedOperation } from './federated-planner';

export interface FederatedExecution {
  planner: FederatedPlanner;
  planned: PlannedOperation;
  variables: Record<string, unknown>;
  context: GatewayContext;
  serviceMap: ServiceMap;
  logger: Logger;
}

type RequestContext = Parameters<typeof executeQueryPlan>[2];

/** Runs a query plan with @apollo/gateway's own executor. */
export function executePlan(execution: FederatedExecution, plan: QueryPlan, serviceMap = execution.serviceMap): Promise<ExecutionResult> {
  // executeQueryPlan reads only these members of Apollo Server's request context.
  const requestContext = {
    request: { variables: execution.variables },
    context: execution.context,
    logger: execution.logger,
    metrics: {},
  } as unknown as RequestContext;
  const { planner, planned } = execution;
  return executeQueryPlan(
    plan,
    serviceMap,
    requestContext,
    planned.operationContext,
    planner.supergraphSchema,
    planner.apiSchemaDefinition,
  ).then((result) =>
    result.errors
      ? { data: result.data as ExecutionResult['data'], errors: result.errors }
      : { data: result.data as ExecutionResult['data'] },
  );
}

/** A data source that answers the subscription's primary fetch with an event already received. */
function primaryAnswer(primary: FetchNode, data: Record<string, unknown>, real: GraphQLDataSource | undefined): GraphQLDataSource {
  return {
    process(options) {
      if (options.request.query === primary.operation) return Promise.resolve({ data });
      if (!real) throw new Error(`no data source for ${primary.serviceName}`);
      return real.process(options);
    },
  };
}

/**
 * Resolves one subscription event: the primary fetch's result is the event itself, and the rest of
 * the plan (entity fetches to the other subgraphs) runs exactly as it would for a query.
 */
export function executeSubscriptionEvent(
  execution: FederatedExecution,
  primary: FetchNode,
  rest: PlanNode | undefined,
  eventData: Record<string, unknown>,
): Promise<ExecutionResult> {
  const plan: QueryPlan = { kind: 'QueryPlan', node: rest ? { kind: 'Sequence', nodes: [primary, rest] } : primary };
  const serviceMap = {
    ...execution.serviceMap,
    [primary.serviceName]: primaryAnswer(primary, eventData, execution.serviceMap[primary.serviceName]),
  };
  return executePlan(execution, plan, serviceMap);
}
