import { ApolloServer, HeaderMap } from '@apollo/server';

/**
 * Batched HTTP operations stay off twice over: the limits middleware refuses a JSON array before
 * Apollo (test/limits.test.ts), and Apollo Server 5 itself refuses one unless
 * `allowBatchedHttpRequests` is set, which Lading never does. This pins Apollo's side across upgrades.
 */
describe('Apollo Server HTTP batching', () => {
  const server = new ApolloServer({ typeDefs: 'type Query { ping: Int }', resolvers: { Query: { ping: () => 1 } } });

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const post = (body: unknown) =>
    server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body },
      context: async () => ({}),
    });

  it('refuses a batch by default with 400', async () => {
    const response = await post([{ query: '{ ping }' }, { query: '{ ping }' }]);
    expect(response.status).toBe(400);
    expect(response.body.kind === 'complete' ? response.body.string : '').toMatch(/batch/i);
  });

  it('still answers a single operation', async () => {
    expect((await post({ query: '{ ping }' })).status ?? 200).toBe(200);
  });
});
