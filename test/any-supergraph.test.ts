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

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/** Two tiny subgraphs that are not Lading's; "inventory-stock" has a name no env variable can spell as is. */
const SUBGRAPHS = {
  products: {
    typeDefs: parse(`${LINK} type Product @key(fields: "upc") { upc: String! name: String! } type Query { topProducts: [Product!]! }`),
    resolvers: {
      Query: {
        topProducts: () => [
          { upc: 'p-1', name: 'Crate' },
          { upc: 'p-2', name: 'Pallet' },
        ],
      },
    },
  },
  'inventory-stock': {
    typeDefs: parse(`${LINK} type Product @key(fields: "upc") { upc: String! inStock: Boolean! }`),
    resolvers: { Product: { __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc, inStock: ref.upc === 'p-1' }) } },
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

describe('the gateway over a supergraph that is not Lading’s (LADING_SUPERGRAPH_PATH, LADING_DEV_IDENTITY)', () => {
  const servers: Server[] = [];
  let gateway: ServiceProcess | undefined;
  let gatewayUrl: string;
  let supergraphPath: string;

  beforeAll(async () => {
    const products = await serve(SUBGRAPHS.products);
    const inventory = await serve(SUBGRAPHS['inventory-stock']);
    servers.push(products.server, inventory.server);
    const [port, deadPort] = await freePortBlock(2);
    // products is composed with a URL nothing listens on: LADING_PRODUCTS_URL must win over it.
    const composed = composeServices([
      { name: 'products', url: `http://127.0.0.1:${deadPort}/graphql`, typeDefs: SUBGRAPHS.products.typeDefs },
      { name: 'inventory-stock', url: inventory.url, typeDefs: SUBGRAPHS['inventory-stock'].typeDefs },
    ]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    supergraphPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'lading-any-supergraph-')), 'supergraph.graphql');
    writeFileSync(supergraphPath, composed.supergraphSdl);
    gateway = await startServiceProcess('gateway/index.ts', port, {
      LADING_GATEWAY_PORT: String(port),
      LADING_SUPERGRAPH_PATH: supergraphPath,
      LADING_PRODUCTS_URL: products.url,
      LADING_DEV_IDENTITY: 'service_rep',
    });
    gatewayUrl = `http://127.0.0.1:${port}/graphql`;
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
    }));

  it('plans across both subgraphs without a token, as the fixed identity', async () => {
    const { status, body } = await post('{ topProducts { upc name inStock } }');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        topProducts: [
          { upc: 'p-1', name: 'Crate', inStock: true },
          { upc: 'p-2', name: 'Pallet', inStock: false },
        ],
      },
    });
  });

  it('lets the fixed service_rep identity introspect, as the explorer does', async () => {
    const { body } = await post('{ __schema { queryType { name } } }');
    expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('still verifies a token that is sent', async () => {
    const { status, body } = await post('{ topProducts { upc } }', { authorization: 'Bearer not-a-token' });
    expect(status).toBe(401);
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to start with the fixed identity when NODE_ENV=production, saying why', async () => {
    const [port] = await freePortBlock(1);
    const env = {
      NODE_ENV: 'production',
      LADING_JWT_SECRET: 'a-production-secret',
      LADING_GATEWAY_PORT: String(port),
      LADING_SUPERGRAPH_PATH: supergraphPath,
      LADING_DEV_IDENTITY: 'service_rep',
    };
    await expect(startServiceProcess('gateway/index.ts', port, env)).rejects.toThrow(
      /exited with 1: .*LADING_DEV_IDENTITY is for development only/s,
    );
  }, 60_000);
});
