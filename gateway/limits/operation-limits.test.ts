import { parse } from 'graphql';
import { loadSupergraphSdl } from '../../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../../lib/supergraph/paths';
import { FederatedPlanner } from '../subscriptions/federated-planner';
import type { OperationLimits } from './operation-limits';
import { optionsFrom } from '../../lib/settings';
import { costDirectives } from './cost-directives';
import { OPERATION_LIMITS, checkOperationLimits } from './operation-limits';

const defaultLimits = optionsFrom(OPERATION_LIMITS);

const sdl = loadSupergraphSdl(SUPERGRAPH_SDL_PATH);
const schema = new FederatedPlanner(sdl).apiSchema;
const directives = costDirectives(sdl);

function check(query: string, variables: Record<string, unknown> = {}, limits: Partial<OperationLimits> = {}) {
  return checkOperationLimits(schema, parse(query), variables, { ...defaultLimits, ...limits }, undefined, directives);
}

function costOf(query: string, variables: Record<string, unknown> = {}): number {
  const result = check(query, variables);
  if (!result.ok) throw new Error(result.message);
  return result.cost;
}

const nested = (levels: number) => {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `order { shipments { ${inner} } }`;
  return `{ shipment(id: "S") { ${inner} } }`;
};

describe('operation limits', () => {
  it.each([
    ['depth', nested(7), /more than 15 levels deep/],
    ['aliases', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: shipment(id: "S") { id }`).join(' ')} }`, /31 aliases; at most 30/],
    [
      'directives',
      `{ shipment(id: "S") { ${Array.from({ length: 51 }, () => 'id @include(if: true)').join(' ')} } }`,
      /51 directives; at most 50/,
    ],
    // Query.shipments declares @listSize(slicingArguments: ["first"]) with the spec's requireOneSlicingArgument.
    ['list size', '{ shipments(first: null) { edges { node { id } } } }', /Query.shipments needs exactly one of `first`/],
  ])('refuses an operation over the %s limit, naming it', (_limit, query, message) => {
    const result = check(query);
    expect(result.ok).toBe(false);
    expect((result as { message: string }).message).toMatch(message);
  });

  it('lets 14 levels through the depth check (16 were refused above)', () => {
    expect(check(nested(6)).ok).toBe(true);
  });

  it.each([
    // Lading's SDL: Query.shipments @listSize(slicingArguments: ["first"], sizedFields: ["edges"]), first defaults to 20.
    // A field costs once per resolution (IBM field cost): the connection 1 + edges 1 + one node per edge; scalars weigh 0.
    ['a connection without first sizes its edges by the schema default', '{ shipments { edges { node { id } } } }', {}, 22],
    ['a literal first', '{ shipments(first: 5) { edges { node { id } } } }', {}, 7],
    ['first from a variable', 'query($n: Int) { shipments(first: $n) { edges { node { id } } } }', { n: 5 }, 7],
    ['first from the operation default of a variable', 'query($n: Int = 5) { shipments(first: $n) { edges { node { id } } } }', {}, 7],
    ['the schema default for a variable left out', 'query($n: Int) { shipments(first: $n) { edges { node { id } } } }', {}, 22],
    // Shipment.timeline @listSize(assumedSize: 20): the shipment 1 + timeline 1 + 20 carrier codes.
    ['a list at its assumedSize', '{ shipment(id: "S") { timeline { carrierCodes { x12StatusCode } } } }', {}, 22],
    // Shipment.eventTraces has no @listSize: LADING_COST_LIST_SIZE (10) traces, each resolving its subgraphs once.
    ['a list the schema does not size at the assumed size', '{ shipment(id: "S") { eventTraces { subgraphs { subgraph } } } }', {}, 12],
    // Query.shipmentAsOf @cost(weight: 10) instead of its type's 1.
    ['a field with its own @cost', '{ shipmentAsOf(id: "S", at: "2026-11-01T00:00:00Z") { status } }', {}, 10],
    ['fragments like inline selections', '{ shipments(first: 5) { edges { node { ...F } } } } fragment F on Shipment { id }', {}, 7],
  ])('counts %s', (_case, query, variables, cost) => {
    expect(costOf(query, variables)).toBe(cost);
  });

  it('does not follow a fragment cycle', () => {
    expect(check('{ shipment(id: "S") { ...A } } fragment A on Shipment { order { shipments { ...A } } }').ok).toBe(true);
  });
});
