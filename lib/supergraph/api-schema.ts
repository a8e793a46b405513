import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, findBreakingChanges, lexicographicSortSchema, printSchema } from 'graphql';

/** The schema clients see: the supergraph without its federation machinery and @inaccessible parts. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** Printed in a stable order, so that the committed file changes only when the API does. */
export function printApiSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

/**
 * What a client written against `published` would find broken in `next` (removed or retyped
 * fields, arguments made required, enum values removed ...), one line each; empty when compatible.
 */
export function breakingChanges(published: string | GraphQLSchema, next: GraphQLSchema): string[] {
  const before = typeof published === 'string' ? buildSchema(published) : published;
  return findBreakingChanges(before, next).map((change) => `${change.type}: ${change.description}`);
}
