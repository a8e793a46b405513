import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gatewayOptionsFrom } from '../gateway/gateway-options';
import { start } from '../gateway/server';
import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import type { RunningService } from '../lib/server/subgraph-server';
import { testConfig } from './support/test-stack';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const typeDefs = parse(`${LINK} type Query { onHold: String lost: String }`);
/** A subgraph that is not Lading's: one error with a code of its own, one with none and an internal detail. */
const resolvers = {
  Query: {
    onHold: () => {
      throw new GraphQLError('pallet P-1 is on hold for inspection', { extensions: { code: 'STOCK_ON_HOLD' } });
    },
    lost: () => {
      throw new Error('stock table unreachable at 10.0.0.7');
    },
  },
};

type Body = { errors: { message: string; path?: string[]; extensions: Record<string, unknown> }[] };

describe('subgraph errors by policy', () => {
  let subgraph: Server;
  let supergraphPath: string;
  const gateways: RunningService[] = [];
  const runtime = createMemoryRuntime(silentLogger);

  beforeAll(async () => {
    const handler = createHandler({ schema: buildSubgraphSchema([{ typeDefs, resolvers }]) });
    subgraph = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(subgraph.address() as { port: number }).port}/graphql`;
    const composed = composeServices([{ name: 'stock', url, typeDefs }]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    supergraphPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'lading-error-policy-')), 'supergraph.graphql');
    writeFileSync(supergraphPath, composed.supergraphSdl);
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.dispose();
    await new Promise((resolve) => subgraph.close(resolve));
    await runtime.dispose();
  });

  /** A gateway over that subgraph, a service rep without a token, with the settings given. */
  async function ask(env: Record<string, string>): Promise<Record<string, Body['errors'][number]>> {
    const config = testConfig({ LADING_SUPERGRAPH_PATH: supergraphPath, LADING_DEV_IDENTITY: 'service_rep', ...env });
    const gateway = await start(gatewayOptionsFrom(config, { runtime, logger: silentLogger, subgraphSecret: 'unused' }));
    gateways.push(gateway);
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ onHold lost }' }),
    });
    const body = (await response.json()) as Body;
    return Object.fromEntries(body.errors.map((e) => [e.path?.[0] ?? '', e]));
  }

  it('passes a code listed in LADING_PUBLIC_ERROR_CODES with its message, and masks the rest', async () => {
    const errors = await ask({ LADING_PUBLIC_ERROR_CODES: 'STOCK_ON_HOLD' });
    expect(errors.onHold).toMatchObject({ message: 'pallet P-1 is on hold for inspection', extensions: { code: 'STOCK_ON_HOLD' } });
    expect(errors.lost.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(errors)).not.toContain('10.0.0.7');
  });

  it('masks both by default', async () => {
    const errors = await ask({});
    expect([errors.onHold.extensions.code, errors.lost.extensions.code]).toEqual(['INTERNAL_SERVER_ERROR', 'INTERNAL_SERVER_ERROR']);
  });

  it('forwards both with their message under LADING_FORWARD_SUBGRAPH_ERRORS, as @apollo/gateway does', async () => {
    const errors = await ask({ LADING_FORWARD_SUBGRAPH_ERRORS: 'true' });
    expect(errors.onHold).toMatchObject({
      message: 'pallet P-1 is on hold for inspection',
      extensions: { code: 'STOCK_ON_HOLD', serviceName: 'stock' },
    });
    expect(errors.lost).toMatchObject({
      message: 'stock table unreachable at 10.0.0.7',
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'stock' },
    });
  });
});
