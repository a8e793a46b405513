import type { ArgumentNode, DocumentNode, FieldNode, GraphQLObjectType, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { Kind, OperationTypeNode, getNamedType, getOperationAST, isNonNullType, isObjectType, visit } from 'graphql';

/** Response name under which the hub asks for every update's cursor, whatever the client selected. */
export const CURSOR_ALIAS = '_ladingCursor';
/** The variable through which the hub, not the client, says where the shared upstream resumes. */
export const AFTER_VARIABLE = '_ladingAfter';
/** Response name under which the hub asks for the id of the entity a narrowing argument picks. */
export const KEY_ALIAS = '_ladingKey';

/**
 * A root argument `<field>Id: ID` that keeps only the updates whose `<field> { id }` equals it (e.g.
 * `shipmentId` and `shipment`). The shared upstream leaves it out and the hub filters by `KEY_ALIAS`.
 */
export interface Narrowing {
  /** The field of the update that names the entity (`shipment`), and its type (`Shipment`). */
  field: string;
  typename: string;
  /** The id this subscriber asked for, or null for all of its scope. */
  id: string | null;
}

export interface ResumableOperation {
  /** The client's operation with `after: $_ladingAfter` and `_ladingCursor: cursor` on its root field. */
  document: DocumentNode;
  /** Variables that decide what the stream carries (the client's `after` is not one of them). */
  variables: Record<string, unknown>;
  /** Where this subscriber resumes (its own `after`), if anywhere. */
  after?: string;
  /** Response name (alias or name) of the root field. */
  rootName: string;
  /** When the root field has a narrowing argument: it is left to the hub, not the upstream. */
  narrowing?: Narrowing;
}

/**
 * Subscriptions whose root field takes `after: String` and returns a type with `cursor` can be
 * resumed and shared regardless of `after`: each subscriber's `after` becomes its own replay, and
 * the shared stream's resume point is the hub's business. Anything else returns null.
 */
export function resumableOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): ResumableOperation | null {
  const operation = getOperationAST(document, operationName);
  const root = operation?.selectionSet.selections[0];
  if (
    !operation ||
    operation.operation !== OperationTypeNode.SUBSCRIPTION ||
    operation.selectionSet.selections.length !== 1 ||
    root?.kind !== Kind.FIELD
  )
    return null;
  const definition = schema.getSubscriptionType()?.getFields()[root.name.value];
  const returned = definition && getNamedType(definition.type);
  if (!definition?.args.some((a) => a.name === 'after') || !isObjectType(returned) || !returned.getFields().cursor) return null;

  const given = root.arguments?.find((a) => a.name.value === 'after');
  const after = given ? valueOf(given, variables) : undefined;
  // Only an optional argument can be left out of the shared upstream.
  const target = narrowingOf(
    definition.args.filter((a) => !isNonNullType(a.type)).map((a) => a.name),
    returned,
  );
  const narrowedBy = target && root.arguments?.find((a) => a.name.value === target.argument);
  const narrowedTo = narrowedBy ? valueOf(narrowedBy, variables) : undefined;
  const taken = [given, narrowedBy].filter((a): a is ArgumentNode => a !== undefined);
  const extra: FieldNode[] = [field(CURSOR_ALIAS, 'cursor')];
  if (target)
    extra.push({ ...field(KEY_ALIAS, target.field), selectionSet: { kind: Kind.SELECTION_SET, selections: [field(undefined, 'id')] } });
  const rewrittenRoot: FieldNode = {
    ...root,
    arguments: [...(root.arguments ?? []).filter((a) => !taken.includes(a)), argument('after', AFTER_VARIABLE)],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [...(root.selectionSet?.selections ?? []), ...extra] },
  };
  let rewritten: OperationDefinitionNode = { ...operation, selectionSet: { ...operation.selectionSet, selections: [rewrittenRoot] } };
  // The client's `$after` (and narrowing variable) is no longer used unless it appears elsewhere; an unused variable would not plan.
  for (const variable of taken.map((a) => (a.value.kind === Kind.VARIABLE ? a.value.name.value : undefined))) {
    if (variable && !usesVariable(rewritten, variable)) {
      rewritten = { ...rewritten, variableDefinitions: rewritten.variableDefinitions?.filter((d) => d.variable.name.value !== variable) };
    }
  }
  rewritten = {
    ...rewritten,
    variableDefinitions: [
      ...(rewritten.variableDefinitions ?? []),
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
        type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
      },
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
    // An ID may come as a number; an empty one asks for everything, as the subgraph reads it.
    narrowing: target
      ? {
          field: target.field,
          typename: target.typename,
          id: typeof narrowedTo === 'number' ? String(narrowedTo) : typeof narrowedTo === 'string' && narrowedTo !== '' ? narrowedTo : null,
        }
      : undefined,
  };
}

/** The first argument `<field>Id` whose `<field>` is an object type with an `id` on the returned type. */
function narrowingOf(
  argumentNames: string[],
  returned: GraphQLObjectType,
): { argument: string; field: string; typename: string } | undefined {
  for (const name of argumentNames) {
    if (!name.endsWith('Id')) continue;
    const fieldName = name.slice(0, -2);
    const type = returned.getFields()[fieldName] && getNamedType(returned.getFields()[fieldName].type);
    if (isObjectType(type) && type.getFields().id) return { argument: name, field: fieldName, typename: type.name };
  }
  return undefined;
}

function field(alias: string | undefined, name: string): FieldNode {
  return { kind: Kind.FIELD, alias: alias ? { kind: Kind.NAME, value: alias } : undefined, name: { kind: Kind.NAME, value: name } };
}

function argument(name: string, variable: string): ArgumentNode {
  return {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: name },
    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variable } },
  };
}

function valueOf(node: ArgumentNode, variables: Record<string, unknown>): unknown {
  if (node.value.kind === Kind.VARIABLE) return variables[node.value.name.value];
  if (node.value.kind === Kind.STRING || node.value.kind === Kind.INT) return node.value.value;
  return undefined;
}

function usesVariable(operation: OperationDefinitionNode, name: string): boolean {
  let used = false;
  visit(operation.selectionSet, { Variable: (node) => void (node.name.value === name && (used = true)) });
  return used;
}
