import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePortBlock } from '../stack/free-ports';
import type { ServiceProcess } from './support/service-process';
import { startServiceProcess } from './support/service-process';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])';

/**
 * The IBM GraphQL cost directive specification's examples (§3, §5.3.2.2, §8), declared in a subgraph's
 * SDL as Apollo Federation v2.9 imports them (weights are Int there), composed, and served by the gateway.
 */
const CATALOGUE = `${LINK}
  type User { name: String age: Int @cost(weight: 2) }
  input Filter { approx: Boolean @cost(weight: -12) }
  type Product @key(fields: "upc") { upc: String! name: String }
  type FilmEdge { cursor: ID node: Film }
  type Film { title: String }
  type FilmConnection { edges: [FilmEdge] }
  type Query {
    users(max: Int): [User] @listSize(slicingArguments: ["max"])
    topProducts(filter: Filter @cost(weight: 15)): [String] @cost(weight: 5) @listSize(assumedSize: 10)
    mostPopularProduct(approx: Boolean @cost(weight: -3)): Product @cost(weight: 5)
    films(first: Int, after: ID, last: Int, before: ID): FilmConnection @listSize(slicingArguments: ["first", "last"], sizedFields: ["edges"])
    products: [Product]
  }`;
const STOCK = `${LINK} type Product @key(fields: "upc") { upc: String! inStock: Boolean related: [Product] }`;

const USERS = [{ age: 33 }, { age: 45 }, { age: 27 }];
const PRODUCTS = ['p-1', 'p-2', 'p-3'].map((upc) => ({ upc, name: upc }));
const SUBGRAPHS = {
  catalogue: {
    typeDefs: parse(CATALOGUE),
    resolvers: {
      Query: {
        users: (_: unknown, { max }: { max?: number }) => USERS.slice(0, max ?? USERS.length),
        topProducts: () => ['Crate', 'Pallet'],
        mostPopularProduct: () => PRODUCTS[0],
        films: (_: unknown, { first, last }: { first?: number; last?: number }) => ({
          edges: Array.from({ length: Math.min(2, first ?? last ?? 2) }, (__, i) => ({ cursor: String(i), node: { title: `Film ${i}` } })),
        }),
        products: () => PRODUCTS,
      },
      Product: { __resolveReference: (ref: { upc: string }) => PRODUCTS.find((p) => p.upc === ref.upc) },
    },
  },
  stock: {
    typeDefs: parse(STOCK),
    resolvers: {
      Product: {
        __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc, inStock: ref.upc !== 'p-2' }),
        related: () => PRODUCTS.map(({ upc }) => ({ upc })),
      },
    },
  },
};

async function serve(subgraph: (typeof SUBGRAPHS)[keyof typeof SUBGRAPHS]): Promise<{ server: Server; url: string }> {
  const handler = createHandler({
    schema: buildSubgraphSchema([{ typeDefs: subgraph.typeDefs, resolvers: subgraph.resolvers as GraphQLResolverMap<unknown> }]),
  });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql` };
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[]; extensions?: { cost?: unknown } };
}

describe('cost declared with @cost and @listSize in subgraph SDL (IBM GraphQL cost directives)', () => {
  const servers: Server[] = [];
  let gateway: ServiceProcess | undefined;
  let gatewayUrl: string;

  beforeAll(async () => {
    const catalogue = await serve(SUBGRAPHS.catalogue);
    const stock = await serve(SUBGRAPHS.stock);
    servers.push(catalogue.server, stock.server);
    const composed = composeServices([
      { name: 'catalogue', url: catalogue.url, typeDefs: SUBGRAPHS.catalogue.typeDefs },
      { name: 'stock', url: stock.url, typeDefs: SUBGRAPHS.stock.typeDefs },
    ]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    const supergraphPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'lading-cost-')), 'supergraph.graphql');
    writeFileSync(supergraphPath, composed.supergraphSdl);
    const [port] = await freePortBlock(1);
    // Default budgets: the fixed identity is a service rep, as a conformance run's is.
    gateway = await startServiceProcess('gateway/index.ts', port, {
      LADING_GATEWAY_PORT: String(port),
      LADING_SUPERGRAPH_PATH: supergraphPath,
      LADING_DEV_IDENTITY: 'service_rep',
    });
    gatewayUrl = `http://127.0.0.1:${port}/graphql`;
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  const post = (query: string, extensions: Record<string, unknown> = { cost: true }): Promise<Answer> =>
    fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Answer['body'] }));

  const costOf = async (query: string) => {
    const { status, body } = await post(query);
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    return body.extensions?.cost;
  };

  it('estimates §3 example 2 at 11 (users(max: 5), age weighing 2) and measures the 3 users returned at 7', async () => {
    expect(await costOf('query Example { users(max: 5) { age } }')).toEqual({ estimated: 11, actual: 7 });
  });

  it('adds argument weights (example 10: 5, or 20 with a filter) and input field weights (example 12: 8)', async () => {
    expect(await costOf('{ topProducts }')).toEqual({ estimated: 5, actual: 5 });
    expect(await costOf('{ topProducts(filter: {}) }')).toEqual({ estimated: 20, actual: 20 });
    expect(await costOf('{ topProducts(filter: { approx: true }) }')).toEqual({ estimated: 8, actual: 8 });
  });

  it('lets a negative argument weight lower a field, never below 0 (example 11: 5, approximately 2)', async () => {
    expect(await costOf('{ mostPopularProduct { upc } }')).toEqual({ estimated: 5, actual: 5 });
    expect(await costOf('{ mostPopularProduct(approx: true) { upc } }')).toEqual({ estimated: 2, actual: 2 });
  });

  it('sizes a connection’s edges by its slicing argument (example 18, sizedFields)', async () => {
    // films 1 + edges 1 + 10 nodes; 2 nodes come back.
    expect(await costOf('{ films(first: 10) { edges { node { title } } } }')).toEqual({ estimated: 12, actual: 4 });
  });

  it('refuses a field given none or both of its slicing arguments (requireOneSlicingArgument), naming it', async () => {
    for (const query of ['{ films { edges { cursor } } }', '{ films(first: 2, last: 2) { edges { cursor } } }']) {
      const { status, body } = await post(query);
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/Query.films needs exactly one of `first`, `last`/),
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      });
    }
  });

  it('passes a heavy entity query at default budgets, weighing each item carried into the other subgraph', async () => {
    // products 1, related 1 for each of 10 assumed products, the 10 products carried to stock, and the
    // 10 × 10 related ones carried back to the catalogue for their name: 121. Three products come back.
    expect(await costOf('{ products { upc inStock related { upc name inStock } } }')).toEqual({ estimated: 121, actual: 1 + 3 + 3 + 9 });
  });

  it('reports no cost unless asked', async () => {
    const { body } = await post('{ topProducts }', {});
    expect(body).toEqual({ data: { topProducts: ['Crate', 'Pallet'] } });
  });
});
