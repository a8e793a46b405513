import { parse } from 'graphql';
import { loadSupergraphSdl } from '../../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../../lib/supergraph/paths';
import { FederatedPlanner } from '../subscriptions/federated-planner';
import { DEFAULTS, optionsFrom } from '../../lib/settings';
import { forRole } from '../../lib/settings/per-role';
import { Role } from '../../lib/identity/identity';
import { OPERATION_LIMITS, checkOperationLimits } from './operation-limits';
import { costDirectives } from './cost-directives';
import { subgraphBoundaries } from './subgraph-boundaries';
import { tokensFor } from '../pipeline/use-rate-limit';

const defaultLimits = optionsFrom(OPERATION_LIMITS);

const sdl = loadSupergraphSdl(SUPERGRAPH_SDL_PATH);
const schema = new FederatedPlanner(sdl).apiSchema;
const boundaries = subgraphBoundaries(sdl);
const directives = costDirectives(sdl);

function cost(query: string, entityWeight = defaultLimits.entityWeight, withBoundaries = true): number {
  const result = checkOperationLimits(
    schema,
    parse(query),
    {},
    { ...defaultLimits, entityWeight },
    withBoundaries ? boundaries : undefined,
    directives,
  );
  if (!result.ok) throw new Error(result.message);
  return result.cost;
}

const heavy = (aliases: number) =>
  `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: shipments(first: 100) { edges { node { number status order { number } fulfillment { state } charges { stage } } } }`).join(' ')} }`;
const PORTAL_PAGE = `{ shipments(first: 20) { edges { node { id number status statusUpdatedAt eta timeline { type source occurredAt }
  order { number customer { id } } fulfillment { state } transport { carrier { scac } } billing { status } } } pageInfo { hasNextPage endCursor } } }`;
const budget = { costPerToken: DEFAULTS.LADING_RATE_COST_PER_TOKEN };

describe('subgraph boundaries in the cost estimate', () => {
  it('reads which subgraphs resolve a field from the supergraph', () => {
    expect(boundaries.ownersOf('Shipment', 'fulfillment')).toEqual(['WAREHOUSE']);
    expect(boundaries.ownersOf('Shipment', 'charges')).toEqual(['FINANCE']);
    expect(boundaries.ownersOf('Shipment', 'status')).toEqual(['TRANSPORT']);
    expect(boundaries.ownersOf('NoSuchType', 'x')).toBeUndefined();
  });

  it('charges each item carried into another subgraph once, however many of its fields are asked', () => {
    const local = cost('{ shipments(first: 10) { edges { node { status eta } } } }');
    expect(local).toBe(cost('{ shipments(first: 10) { edges { node { status eta } } } }', 0));
    // 10 shipments into the warehouse subgraph: 10 representations, whether one field or two are asked of them.
    const one =
      cost('{ shipments(first: 10) { edges { node { fulfillment { state } } } } }', 6) -
      cost('{ shipments(first: 10) { edges { node { fulfillment { state } } } } }', 0);
    const two =
      cost('{ shipments(first: 10) { edges { node { fulfillment { state warehouseId } } } } }', 6) -
      cost('{ shipments(first: 10) { edges { node { fulfillment { state warehouseId } } } } }', 0);
    expect(one).toBe(60);
    expect(two).toBe(60);
    // Two other subgraphs: twice the representations.
    const both =
      cost('{ shipments(first: 10) { edges { node { fulfillment { state } charges { stage } } } } }', 6) -
      cost('{ shipments(first: 10) { edges { node { fulfillment { state } charges { stage } } } } }', 0);
    expect(both).toBe(120);
  });

  it('charges a field with @requires a trip to each subgraph it requires from, and one back', () => {
    expect(boundaries.requiredBy('EventTrace', 'subgraphs', 'GOVERNANCE')).toEqual([
      'ordersApplication',
      'warehouseApplication',
      'transportApplication',
      'financeApplication',
    ]);
    const trace = (fields: string) => `{ eventTrace(source: "s", id: "i") { ${fields} } }`;
    const extra = (query: string) => cost(query, 6) - cost(query, 0);
    // The trace's own fields stay in governance; its per-subgraph list asks the four consumers, then governance again.
    expect(extra(trace('type acceptedAt'))).toBe(0);
    expect(extra(trace('type subgraphs { subgraph outcome }'))).toBe(5 * 6);
    // What a shipment's traces require (its facts' events) comes from transport, where the shipment already is.
    const traces = (fields: string) => `{ shipment(id: "S") { eventTraces { ${fields} } } }`;
    expect(extra(traces('type'))).toBe(6);
    expect(extra(traces('type subgraphs { outcome }'))).toBe(6 + 10 * 5 * 6);
  });

  it('without boundaries the estimate is the plain field cost', () => {
    expect(cost(heavy(1), 6, false)).toBe(cost(heavy(1), 0));
  });

  it('keeps a single shipment at 1 token and many 20-shipment portal pages inside a customer bucket', () => {
    const burst = forRole(DEFAULTS.LADING_RATE_LIMIT_BURST, Role.Customer);
    expect(tokensFor(cost('{ shipment(id: "S") { status order { number } } }'), budget)).toBe(1);
    expect(tokensFor(cost(PORTAL_PAGE), budget) * 20).toBeLessThanOrEqual(burst);
  });

  it("makes a cross-subgraph flood dearer, while 3 aliases of shipments(first: 100) stay within a customer's operation budget", () => {
    const most = forRole(defaultLimits.maxCost, Role.Customer);
    expect(cost(heavy(1))).toBeGreaterThan(cost(heavy(1), 0) * 1.2);
    expect(cost(heavy(3))).toBeLessThanOrEqual(most);
    expect(cost(heavy(10))).toBeGreaterThan(most);
  });
});
