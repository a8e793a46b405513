import { ArgumentNode, DocumentNode, FieldNode, GraphQLSchema, Kind, OperationDefinitionNode, OperationTypeNode, getNamedType, getOperationAST, isObjectType, visit } from 'graphql';

/** Response name under which the hub asks for every update's cursor, whatever the client selected. */
export const CURSOR_ALIAS = '_ladingCursor';
/** The variable through which the hub, not the client, says where the shared upstream resumes. */
export const AFTER_VARIABLE = '_ladingAfter';

export interface ResumableOperation {
  /** The client's operation with `after: $_ladingAfter` and `_ladingCursor: cursor` on its root field. */
  document: DocumentNode;
  /** Variables that decide what the stream carries (the client's `after` is not one of them). */
  variables: Record<string, unknown>;
  /** Where this subscriber resumes (its own `after`), if anywhere. */
  after?: string;
  /** Response name (alias or name) of the root field. */
  rootName: string;
}

/**
 * Subscriptions whose root field takes `after: String` and returns a type with `cursor` can be
 * resumed and shared regardless of `after`: each subscriber's `after` becomes its own replay, and
 * the shared stream's resume point is the hub's business. Anything else returns null.
 */
export function resumableOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): ResumableOperation | null {
  const operation = getOperationAST(document, operationName);
  const root = operation?.selectionSet.selections[0];
  if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION || operation.selectionSet.selections.length !== 1 || root?.kind !== Kind.FIELD) return null;
  const definition = schema.getSubscriptionType()?.getFields()[root.name.value];
  const returned = definition && getNamedType(definition.type);
  if (!definition?.args.some((a) => a.name === 'after') || !isObjectType(returned) || !returned.getFields().cursor) return null;

  const given = root.arguments?.find((a) => a.name.value === 'after');
  const after = given ? valueOf(given, variables) : undefined;
  const afterVariable = given?.value.kind === Kind.VARIABLE ? given.value.name.value : undefined;
  const rewrittenRoot: FieldNode = {
    ...root,
    arguments: [...(root.arguments ?? []).filter((a) => a !== given), argument('after', AFTER_VARIABLE)],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [...(root.selectionSet?.selections ?? []), { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: CURSOR_ALIAS }, name: { kind: Kind.NAME, value: 'cursor' } }],
    },
  };
  let rewritten: OperationDefinitionNode = { ...operation, selectionSet: { ...operation.selectionSet, selections: [rewrittenRoot] } };
  // The client's `$after` is no longer used unless it appears elsewhere; an unused variable would not plan.
  if (afterVariable && !usesVariable(rewritten, afterVariable)) {
    rewritten = { ...rewritten, variableDefinitions: rewritten.variableDefinitions?.filter((d) => d.variable.name.value !== afterVariable) };
  }
  rewritten = {
    ...rewritten,
    variableDefinitions: [
      ...(rewritten.variableDefinitions ?? []),
      { kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } }, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } } },
    ],
  };
  const kept = new Set((rewritten.variableDefinitions ?? []).map((d) => d.variable.name.value));
  kept.delete(AFTER_VARIABLE);
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  return {
    document: { kind: Kind.DOCUMENT, definitions: [rewritten, ...fragments] },
    variables: Object.fromEntries(Object.entries(variables).filter(([name]) => kept.has(name))),
    after: typeof after === 'string' && after !== '' ? after : undefined,
    rootName: root.alias?.value ?? root.name.value,
  };
}

function argument(name: string, variable: string): ArgumentNode {
  return { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variable } } };
}

function valueOf(node: ArgumentNode, variables: Record<string, unknown>): unknown {
  if (node.value.kind === Kind.VARIABLE) return variables[node.value.name.value];
  if (node.value.kind === Kind.STRING) return node.value.value;
  return undefined;
}

function usesVariable(operation: OperationDefinitionNode, name: string): boolean {
  let used = false;
  visit(operation.selectionSet, { Variable: (node) => void (node.name.value === name && (used = true)) });
  return used;
}
