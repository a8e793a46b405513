import type { ApolloServer } from '@apollo/server';
import type { Response } from 'express';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from './gateway-context';
import { contextOf, preparedOf } from './graphql-over-http';

/** A prepared query or mutation run by Apollo (its plugins format the errors), for transports that frame the one result themselves. */
export type ExecutePrepared = (res: Response) => Promise<FormattedExecutionResult>;

export function executePrepared(apollo: ApolloServer<GatewayContext>): ExecutePrepared {
  return async (res) => {
    const prepared = preparedOf(res);
    const response = await apollo.executeOperation(
      { query: prepared.query, variables: prepared.variables, operationName: prepared.operationName },
      { contextValue: contextOf(res) },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not served');
    return response.body.singleResult;
  };
}
