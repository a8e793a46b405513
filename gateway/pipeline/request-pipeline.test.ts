import { buildSchema } from 'graphql';
import { silentLogger } from '../../lib/logger';
import { mintToken } from '../../lib/identity/tokens';
import { hs256Authenticator } from '../auth/hs256-authenticator';
import { Role } from '../../lib/identity/identity';
import { MemoryRateLimiter } from '../../lib/rate-limit/memory-rate-limiter';
import { optionsFrom } from '../../lib/settings';
import { OPERATION_LIMITS } from '../limits/operation-limits';
import { costEstimate } from './cost-estimate';
import { DocumentCache } from './document-cache';
import { createRequestPipeline } from './request-pipeline';
import type { PipelineRequest } from './types';
import { Door, TransportKind } from './types';
import { useAuthentication } from './use-authentication';
import { useIntrospectionGuard } from './use-introspection-guard';
import { useOperationLimits } from './use-operation-limits';
import { useRateLimit } from './use-rate-limit';
import { useRoleGate } from './use-role-gate';
import { useSuggestionMasking } from './use-suggestion-masking';
import { useTraceContext } from './use-trace-context';

const defaultLimits = optionsFrom(OPERATION_LIMITS);

const schema = buildSchema(
  'type Query { shipment(id: ID!): Shipment } type Shipment { id: ID! status: String } type Subscription { shipmentUpdated: Shipment }',
);
const customer = { sub: 'c', role: Role.Customer, customerId: 'C' };

function pipelineWith(burst = 10) {
  const documents = new DocumentCache(schema, 1000);
  const limiter = new MemoryRateLimiter({ ratePerSecond: 0.001, burst });
  const pipeline = createRequestPipeline({
    schema,
    documents,
    estimate: costEstimate(schema, { ...defaultLimits, maxAliases: 3 }),
    plugins: [
      useAuthentication(async () => {
        throw new Error('the transport verified the identity');
      }),
      useRateLimit(() => limiter, { costPerToken: 100 }, silentLogger),
      useOperationLimits(),
      useIntrospectionGuard(),
      useSuggestionMasking(),
    ],
  });
  return { pipeline, documents, limiter };
}

const request = (query: string, transport = TransportKind.GraphqlWs): PipelineRequest => ({ transport, identity: customer, query });

describe('request pipeline', () => {
  it('refuses an operation over the limits before validating it', async () => {
    const { pipeline, documents } = pipelineWith();
    const validate = jest.spyOn(documents, 'validate');
    const refused = await pipeline.prepare(request('{ a: nope b: nope c: nope d: nope }'));
    expect(refused).toMatchObject({ ok: false, status: 400, errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX' } }] });
    expect(validate).not.toHaveBeenCalled();
  });

  it('charges a malformed request one token, so a flood of them is rate limited', async () => {
    const { pipeline } = pipelineWith(2);
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await pipeline.prepare(request('{ shipment(')));
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.errors[0].extensions?.code))).toEqual([
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_PARSE_FAILED',
      'RATE_LIMITED',
    ]);
  });

  it('masks suggestions of validation errors for a customer', async () => {
    const { pipeline } = pipelineWith();
    const refused = await pipeline.prepare(request('{ shipment(id: "S") { statu } }'));
    const message = refused.ok ? '' : refused.errors[0].message;
    expect(message).toMatch(/Cannot query field "statu"/);
    expect(message).not.toMatch(/Did you mean/);
  });

  it('refuses a subscription on plain HTTP, naming where to subscribe, and prepares it on graphql-ws', async () => {
    const { pipeline } = pipelineWith();
    const query = 'subscription { shipmentUpdated { id } }';
    const http = await pipeline.prepare({ ...request(query, TransportKind.Http), subscribeAt: 'ws://gateway.test/graphql' });
    expect(http).toMatchObject({ ok: false, status: 400, errors: [{ message: expect.stringContaining('graphql-ws') }] });
    expect(JSON.stringify(http)).toContain('ws://gateway.test/graphql');
    // The Shipment it returns weighs 1; its scalar id weighs nothing (IBM cost spec defaults).
    expect(await pipeline.prepare(request(query))).toMatchObject({ ok: true, identity: customer, cost: 1 });
  });

  it('refuses introspection by a customer with 403', async () => {
    const { pipeline } = pipelineWith();
    expect(await pipeline.prepare(request('{ __schema { queryType { name } } }'))).toMatchObject({
      ok: false,
      status: 403,
      errors: [{ extensions: { code: 'FORBIDDEN' } }],
    });
  });
});

describe('request pipeline: a door without a GraphQL operation', () => {
  const SECRET = 'door-test-secret';
  const bearer = async (role: Role) =>
    `Bearer ${await mintToken({ sub: `door-${role}`, role, customerId: role === Role.Customer ? 'C' : undefined }, { secret: SECRET })}`;
  const doorPipeline = () => {
    const doorLimiter = new MemoryRateLimiter({ ratePerSecond: 0.001, burst: 2 });
    return createRequestPipeline({
      schema,
      documents: new DocumentCache(schema, 1000),
      estimate: costEstimate(schema, defaultLimits),
      plugins: [
        useAuthentication(hs256Authenticator(SECRET)),
        useRoleGate(),
        useTraceContext(),
        useRateLimit(() => doorLimiter, { costPerToken: 100 }, silentLogger),
        useOperationLimits(),
        useIntrospectionGuard(),
      ],
    });
  };
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('passes the same guards as an operation: who, the door role, the trace, then the budget', async () => {
    const pipeline = doorPipeline();
    const outcomes = [];
    const [customerToken, integrationToken] = [await bearer(Role.Customer), await bearer(Role.Integration)];
    for (const authorization of [undefined, customerToken, integrationToken, integrationToken, integrationToken])
      outcomes.push(await pipeline.enter({ door: Door.Ingest, authorization, traceparent }));
    expect(outcomes.map((o) => (o.ok ? 'in' : `${o.status} ${String(o.errors[0].extensions?.code)}`))).toEqual([
      '401 UNAUTHENTICATED',
      '403 FORBIDDEN',
      'in',
      'in',
      '429 RATE_LIMITED',
    ]);
    expect(outcomes[2]).toMatchObject({
      ok: true,
      identity: { sub: 'door-integration', role: Role.Integration },
      traceparent: expect.stringContaining('0af7651916cd43dd8448eb211c80319c'),
    });
    expect(outcomes[4]).toMatchObject({ headers: { 'Retry-After': expect.any(String) } });
  });

  it("charges a door's cost from the principal's one bucket, shared with its operations", async () => {
    const pipeline = doorPipeline();
    const authorization = await bearer(Role.Customer);
    expect(await pipeline.enter({ door: Door.Graph, authorization, cost: 150 })).toMatchObject({ ok: true });
    expect(await pipeline.prepare({ transport: TransportKind.Http, authorization, query: '{ shipment(id: "S") { id } }' })).toMatchObject({
      ok: false,
      status: 429,
    });
  });
});
