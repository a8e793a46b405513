import { parse } from 'graphql';
import { loadSupergraphSdl } from '../../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../../lib/supergraph/paths';
import { FederatedPlanner } from '../subscriptions/federated-planner';
import type { OperationLimits } from './operation-limits';
import { optionsFrom } from '../../lib/settings';
import { OPERATION_LIMITS, checkOperationLimits } from './operation-limits';

const defaultLimits = optionsFrom(OPERATION_LIMITS);

const schema = new FederatedPlanner(loadSupergraphSdl(SUPERGRAPH_SDL_PATH)).apiSchema;

/** Whether the estimated cost exceeds `maxCost`; probing at N and N - 1 pins the exact estimate. */
function costOver(query: string, maxCost: number, variables: Record<string, unknown> = {}): boolean {
  const limits: OperationLimits = { ...defaultLimits, maxCost };
  return !checkOperationLimits(schema, parse(query), variables, limits).ok;
}

function check(query: string, variables: Record<string, unknown> = {}, limits: Partial<OperationLimits> = {}) {
  return checkOperationLimits(schema, parse(query), variables, { ...defaultLimits, ...limits });
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
    [
      'cost',
      '{ shipments(first: 100) { edges { node { order { shipments { timeline { type source occurredAt location reasonCode } } } } } } }',
      /cost exceeds 50000/,
    ],
  ])('refuses an operation over the %s limit, naming it', (_limit, query, message) => {
    const result = check(query);
    expect(result.ok).toBe(false);
    expect((result as { message: string }).message).toMatch(message);
  });

  it('lets 14 levels through the depth check (16 were refused above)', () => {
    // Every order.shipments multiplies the cost by 10, so only depth is under test here.
    expect(check(nested(6), {}, { maxCost: Number.MAX_SAFE_INTEGER }).ok).toBe(true);
  });

  it.each([
    // 1 (shipments) + 20 × (edges, node, id) = 61: a connection without `first` still returns its default 20.
    ['a connection without first counts its schema default', '{ shipments { edges { node { id } } } }', {}, 61],
    ['a literal first', '{ shipments(first: 5) { edges { node { id } } } }', {}, 16],
    ['first from a variable', 'query($n: Int) { shipments(first: $n) { edges { node { id } } } }', { n: 5 }, 16],
    ['first from the operation default of a variable', 'query($n: Int = 5) { shipments(first: $n) { edges { node { id } } } }', {}, 16],
    ['a plain list at the assumed size (10)', '{ shipment(id: "S") { timeline { type } } }', {}, 12],
    ['fragments like inline selections', '{ shipments(first: 5) { edges { node { ...F } } } } fragment F on Shipment { id }', {}, 16],
  ])('counts %s', (_case, query, variables, cost) => {
    expect(costOver(query, cost, variables)).toBe(false);
    expect(costOver(query, cost - 1, variables)).toBe(true);
  });

  it('does not follow a fragment cycle', () => {
    expect(check('{ shipment(id: "S") { ...A } } fragment A on Shipment { order { shipments { ...A } } }').ok).toBe(true);
  });
});
