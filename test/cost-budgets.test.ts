import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { generateDemoPlan } from '../demo/generate';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import type { LadingProcess } from '../stack/lading-process';
import { startLadingProcess } from '../stack/lading-process';
import { until } from './support/until';

const SECRET = 'cost-budgets-secret';

/** What a service rep's tool asks of each page: status, order, warehouse and billing, so every subgraph is crossed. */
const REP_PAGE = `query Page($after: String) { shipments(first: 50, after: $after) {
  edges { node { id number status eta order { number status } fulfillment { state } billing { status } charges { type stage amount { amount currency } } } }
  pageInfo { hasNextPage endCursor } } }`;
const heavy = (aliases: number) =>
  `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: shipments(first: 100) { edges { node { number status order { number } fulfillment { state } charges { stage } } } }`).join(' ')} }`;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[]; extensions?: { cost?: any } };
}

/**
 * Budgets per role at their defaults (no budget setting is given), against the demo data: what a service
 * rep, a portal backend and a customer do in a day is never refused, and one customer's flood is.
 */
describe('cost budgets per role, at their defaults', () => {
  let lading: LadingProcess;
  const tokens: Partial<Record<string, string>> = {};

  beforeAll(async () => {
    lading = await startLadingProcess({ LADING_JWT_SECRET: SECRET, LADING_DEMO_DATA: 'true' });
  }, 120_000);

  afterAll(() => lading?.stop());

  const token = async (sub: string, role: Role, customerId?: string) =>
    (tokens[sub] ??= await mintToken({ sub, role, customerId }, { secret: SECRET }));

  const post = async (bearer: string, query: string, variables: Record<string, unknown> = {}, extensions?: unknown): Promise<Answer> => {
    const res = await fetch(lading.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables, extensions }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Answer['body'] };
  };

  it('lets a service rep page every demo shipment 50 at a time, back to back, without a refusal', async () => {
    const rep = await token('rep-pager', Role.ServiceRep);
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    do {
      const { status, body }: Answer = await post(rep, REP_PAGE, { after });
      expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
      for (const edge of body.data.shipments.edges) seen.add(edge.node.id);
      after = body.data.shipments.pageInfo.hasNextPage ? body.data.shipments.pageInfo.endCursor : null;
      pages++;
    } while (after !== null);
    expect(seen.size).toBe(generateDemoPlan().shipments.length);
    expect(pages).toBe(Math.ceil(seen.size / 50));
  }, 120_000);

  it('lets a portal backend open 300 subscriptions at once on one connection, none refused', async () => {
    const backend = await token('portal-backend', Role.Customer, 'CUST-0001');
    const client = createClient({
      url: lading.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${backend}` },
      retryAttempts: 0,
    });
    const errors: unknown[] = [];
    const query = 'subscription { shipmentUpdated { cursor shipment { id status order { number } } } }';
    const stops = Array.from({ length: 300 }, () =>
      client.subscribe({ query }, { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined }),
    );
    const active = async () => {
      const metrics = await (await fetch(lading.gatewayUrl.replace('/graphql', '/metrics'))).text();
      return Number(/^lading_active_subscriptions(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1]);
    };
    await until(async () => errors.length > 0 || (await active()) === 300, 'all 300 subscriptions to be active, or a refusal');
    expect(errors).toEqual([]);
    stops.forEach((stop) => stop());
    await client.dispose();
  }, 60_000);

  it("refuses one operation over its role's per-operation budget, which a service rep may run", async () => {
    // 10 aliases of a 100-shipment page across subgraphs: over a customer's LADING_MAX_COST, within a service rep's.
    const customer = await post(await token('big-asker', Role.Customer, 'CUST-0002'), heavy(10));
    expect(customer.status).toBe(400);
    expect(customer.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/estimated cost is \d+; a customer may run operations of at most \d+/),
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
    const rep = await post(await token('rep-heavy', Role.ServiceRep), heavy(10));
    expect({ status: rep.status, errors: rep.body.errors }).toEqual({ status: 200, errors: undefined });
  }, 60_000);

  it("throttles one customer's flood of heavy pages while another customer is served", async () => {
    const flooder = await token('flooder', Role.Customer, 'CUST-0003');
    const quiet = await token('quiet', Role.Customer, 'CUST-0004');
    let refused: Answer | undefined;
    for (let sent = 0; sent < 60 && !refused; sent++) {
      const answer = await post(flooder, heavy(1));
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(refused?.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(Number(refused?.retryAfter)).toBeGreaterThanOrEqual(1);
    const served = await post(quiet, '{ shipments(first: 20) { edges { node { id status order { number } } } } }');
    expect({ status: served.status, errors: served.body.errors }).toEqual({ status: 200, errors: undefined });
  }, 120_000);

  it('reports the estimated and actual cost in extensions.cost when asked, over HTTP and graphql-ws', async () => {
    const rep = await token('rep-cost', Role.ServiceRep);
    const query = '{ shipments(first: 5) { edges { node { id order { number } } } } }';
    // shipments 1 + edges 1 + 5 × (node 1 + order 1): the demo has more than 5 shipments, so actual equals the estimate.
    const http = await post(rep, query, {}, { cost: true });
    expect(http.body.extensions?.cost).toEqual({ estimated: 12, actual: 12 });
    const client = createClient({
      url: lading.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${rep}` },
      retryAttempts: 0,
    });
    const result = await new Promise<any>((resolve, reject) =>
      client.subscribe({ query, extensions: { cost: true } }, { next: resolve, error: reject, complete: () => undefined }),
    );
    expect(result.extensions?.cost).toEqual({ estimated: 12, actual: 12 });
    await client.dispose();
  }, 60_000);
});
