import { IDENTITY_HEADER, encodeIdentity } from '../lib/identity/forwarding';
import { Role } from '../lib/identity/identity';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signParts } from '../lib/identity/request-signing';
import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { TEST_SUBGRAPH_SECRET, startTestStack } from './support/test-stack';
import { eventually, subscribe } from './support/ws-subscriber';

const OPERATIONS = {
  query: '{ __typename }',
  _service: '{ _service { sdl } }',
  _entities: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
};

describe('subgraphs answer only the gateway', () => {
  let t: TestStack;
  let userJwt: string;
  const identity = encodeIdentity({ sub: 'intruder', role: Role.ServiceRep, customerId: null });

  beforeAll(async () => {
    t = await startTestStack();
    await t.ingest(orderWithShipments('ORD-T', 'CUST-T', ['SHP-T']));
    userJwt = await t.token(Role.ServiceRep);
  });

  afterAll(() => t.dispose());

  const call = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  for (const name of SUBGRAPH_NAMES) {
    it.each(Object.entries(OPERATIONS))(`${name}: %s without a valid gateway signature is 401`, async (_op, query) => {
      const url = t.stack.subgraphs[name].url;
      const body = JSON.stringify({ query, variables: { r: [{ __typename: 'Shipment', id: 'SHP-T' }] } });
      const timestamp = String(Date.now());
      const attempts: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${userJwt}`, [IDENTITY_HEADER]: identity },
        {
          [IDENTITY_HEADER]: identity,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signParts('guessed-secret', { timestamp, identity, body }),
        },
        {
          [IDENTITY_HEADER]: identity,
          [TIMESTAMP_HEADER]: String(Date.now() - 600_000),
          [SIGNATURE_HEADER]: signParts(TEST_SUBGRAPH_SECRET, { timestamp: String(Date.now() - 600_000), identity, body }),
        },
      ];
      for (const headers of attempts) expect((await call(url, body, headers)).status).toBe(401);
      const signed = {
        [IDENTITY_HEADER]: identity,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signParts(TEST_SUBGRAPH_SECRET, { timestamp, identity, body }),
      };
      expect((await call(url, body, signed)).status).toBe(200);
    });
  }

  it('refuses a connection_init signature (signed over no body) reused on a GET or an empty POST', async () => {
    const timestamp = String(Date.now());
    const signed = {
      [IDENTITY_HEADER]: identity,
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signParts(TEST_SUBGRAPH_SECRET, { timestamp, identity, body: '' }),
    };
    const url = t.stack.subgraphs.orders.url;
    const get = await fetch(`${url}?query=${encodeURIComponent('{ _service { sdl } }')}`, {
      headers: { ...signed, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(401);
    expect((await call(url, '', signed)).status).toBe(401);
  });

  it('keeps health and metrics open', async () => {
    const base = t.stack.subgraphs.finance.url.replace('/graphql', '');
    for (const path of ['/health/live', '/health/ready', '/metrics']) expect((await fetch(`${base}${path}`)).status).toBe(200);
  });

  it('closes an unsigned graphql-ws connection to the transport subgraph with 4403', async () => {
    const sub = subscribe(t.stack.subgraphs.transport.url, { [IDENTITY_HEADER]: identity }, 'subscription { shipmentUpdated { cursor } }');
    await eventually(() => sub.errors.length > 0);
    expect((sub.errors[0] as { code: number }).code).toBe(4403);
    await sub.close();
  });
});
