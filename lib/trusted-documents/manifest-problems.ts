import type { DocumentNode, GraphQLSchema } from 'graphql';
import { GraphQLError, getOperationAST, parse, validate } from 'graphql';
import type { ManifestOperation, PersistedQueryManifest } from './persisted-query-manifest';

function label(op: ManifestOperation, source: string): string {
  return `${source}: operation ${op.name || '(anonymous)'} (${op.type}, id ${op.id.slice(0, 12)}…)`;
}

function problemsOf(op: ManifestOperation, schema: GraphQLSchema): string[] {
  let document: DocumentNode;
  try {
    document = parse(op.body);
  } catch (error) {
    return [error instanceof GraphQLError ? error.message : String(error)];
  }
  const operation = getOperationAST(document, op.name || undefined);
  if (!operation) return [`the document has no operation named ${op.name}`];
  if ((operation.operation as string) !== op.type)
    return [`the document's operation is a ${operation.operation}, the manifest says ${op.type}`];
  // graphql-js names the type and field at fault ("Cannot query field "eta" on type "Shipment".").
  return validate(schema, document).map((e) => e.message);
}

/**
 * Why each operation of a manifest would not run against `schema`, one line per problem, naming the
 * manifest, the operation and (from graphql-js validation) the field; empty when every one would.
 */
export function manifestProblems(manifest: PersistedQueryManifest, schema: GraphQLSchema, source: string): string[] {
  return manifest.operations.flatMap((op) => problemsOf(op, schema).map((problem) => `${label(op, source)}: ${problem}`));
}
