import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Role } from '../../lib/identity/identity';
import { EntityBatcher, MAX_REPRESENTATIONS } from './entity-batcher';

const QUERY =
  'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Shipment { billing { status } } } }';
const scope = { sub: 'subscriptions:customer:C', role: Role.Customer, customerId: 'C' };

/** A subgraph that answers each representation with its id, and an error for ids starting with "bad". */
function recordingSubgraph() {
  const requests: { query: string; ids: string[] }[] = [];
  const source: GraphQLDataSource = {
    process: ({ request }) => {
      const ids = ((request.variables?.representations ?? []) as { id: string }[]).map((r) => r.id);
      requests.push({ query: request.query!, ids });
      const errors = ids.flatMap((id, i) => (id.startsWith('bad') ? [{ message: `no ${id}`, path: ['_entities', i, 'billing'] }] : []));
      return Promise.resolve({
        data: request.variables?.representations ? { _entities: ids.map((id) => ({ id })) } : { ping: true },
        ...(errors.length > 0 && { errors }),
      });
    },
  };
  return { source, requests };
}

const fetchOf = (ids: string[], identity = scope) =>
  ({
    request: { query: QUERY, variables: { representations: ids.map((id) => ({ __typename: 'Shipment', id })) } },
    context: { identity },
  }) as unknown as GraphQLDataSourceProcessOptions;

describe('EntityBatcher', () => {
  it('sends the entity fetches of one tick as one request and gives each caller its slice, errors re-indexed', async () => {
    const { source, requests } = recordingSubgraph();
    const finance = new EntityBatcher({ finance: source }).serviceMap.finance;
    const [a, b, c] = await Promise.all([
      finance.process(fetchOf(['S1', 'S2'])),
      finance.process(fetchOf(['bad3'])),
      finance.process(fetchOf(['S4'])),
    ]);
    expect(requests).toEqual([{ query: QUERY, ids: ['S1', 'S2', 'bad3', 'S4'] }]);
    expect(a).toEqual({ data: { _entities: [{ id: 'S1' }, { id: 'S2' }] } });
    expect(b).toEqual({ data: { _entities: [{ id: 'bad3' }] }, errors: [{ message: 'no bad3', path: ['_entities', 0, 'billing'] }] });
    expect(c).toEqual({ data: { _entities: [{ id: 'S4' }] } });
  });

  it('keeps identities apart, sends the next tick separately and splits past MAX_REPRESENTATIONS', async () => {
    const { source, requests } = recordingSubgraph();
    const finance = new EntityBatcher({ finance: source }).serviceMap.finance;
    const many = Array.from({ length: MAX_REPRESENTATIONS }, (_, i) => `M${i}`);
    await Promise.all([
      finance.process(fetchOf(['S1'])),
      finance.process(fetchOf(['S2'], { ...scope, sub: 'subscriptions:customer:D', customerId: 'D' })),
      finance.process(fetchOf(many)),
    ]);
    await finance.process(fetchOf(['S3']));
    expect(requests.map((r) => r.ids.length)).toEqual([1, MAX_REPRESENTATIONS, 1, 1]);
    expect(requests.map((r) => r.ids[0])).toEqual(['S1', 'M0', 'S2', 'S3']);
  });

  it('fails every caller of a request that fails, and passes other fetches straight on', async () => {
    const failing: GraphQLDataSource = { process: () => Promise.reject(new Error('subgraph finance did not answer')) };
    const { source, requests } = recordingSubgraph();
    const { finance, orders } = new EntityBatcher({ finance: failing, orders: source }).serviceMap;
    const outcomes = await Promise.allSettled([finance.process(fetchOf(['S1'])), finance.process(fetchOf(['S2']))]);
    expect(outcomes.map((o) => o.status === 'rejected' && (o.reason as Error).message)).toEqual([
      'subgraph finance did not answer',
      'subgraph finance did not answer',
    ]);
    const plain = { request: { query: '{ ping }' }, context: { identity: scope } } as unknown as GraphQLDataSourceProcessOptions;
    expect(await orders.process(plain)).toEqual({ data: { ping: true } });
    expect(requests).toEqual([{ query: '{ ping }', ids: [] }]);
  });
});
