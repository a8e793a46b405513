import { buildSchema } from 'graphql';
import { Role } from '../../lib/identity/identity';
import { mintToken } from '../../lib/identity/tokens';
import { createLogger } from '../../lib/logger';
import { TrustedDocumentsMode, optionsFrom } from '../../lib/settings';
import type { PersistedQueryManifest } from '../../lib/trusted-documents';
import { OPERATION_LIMITS } from '../limits/operation-limits';
import { costEstimate } from './cost-estimate';
import { DocumentCache } from './document-cache';
import { PersistedDocuments, sha256 } from './persisted-documents';
import { createRequestPipeline } from './request-pipeline';
import type { PipelineRequest } from './types';
import { TransportKind } from './types';
import { useAuthentication } from './use-authentication';
import { useTrustedDocuments } from './use-trusted-documents';

const schema = buildSchema('type Query { shipment(id: ID!): Shipment } type Shipment { id: ID! status: String eta: String }');
const LISTED = 'query Status($id: ID!) { shipment(id: $id) { status } }';
const OTHER = 'query Eta($id: ID!) { shipment(id: $id) { eta } }';
const manifest: PersistedQueryManifest = {
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: [{ id: sha256(LISTED), name: 'Status', type: 'query', body: LISTED }],
};
const customer = { sub: 'c', role: Role.Customer, customerId: 'C' };
const rep = { sub: 'r', role: Role.ServiceRep, customerId: null };

function pipelineWith(customerMode: TrustedDocumentsMode, lines: Record<string, unknown>[] = []) {
  const persisted = new PersistedDocuments({ policy: { customer: customerMode, service_rep: TrustedDocumentsMode.Off }, manifest }, 10);
  const logger = createLogger({}, 'info', (line) => lines.push(JSON.parse(line)));
  return createRequestPipeline({
    schema,
    documents: new DocumentCache(schema, 1000),
    estimate: costEstimate(schema, optionsFrom(OPERATION_LIMITS)),
    plugins: [
      // Only sessions being admitted (graphql-ws `connection_init`) authenticate here; operations come with their identity.
      useAuthentication(async () => customer),
      useTrustedDocuments(persisted, logger),
    ],
  });
}

const byHash = (hash: string, query?: string) => ({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
const ask = (identity: typeof customer | typeof rep, body: Partial<PipelineRequest>): PipelineRequest => ({
  transport: TransportKind.Http,
  identity,
  variables: { id: 'S' },
  query: undefined,
  ...body,
});

async function outcome(pipeline: ReturnType<typeof pipelineWith>, request: PipelineRequest): Promise<string> {
  const result = await pipeline.prepare(request);
  return result.ok ? `runs ${result.operation.name?.value}` : String(result.errors[0].extensions?.code);
}

describe('trusted documents', () => {
  describe('enforced for customers', () => {
    const pipeline = pipelineWith(TrustedDocumentsMode.Enforce);

    it.each([
      ['a listed document by hash', byHash(sha256(LISTED)), 'runs Status'],
      ['a listed document by hash with its text', byHash(sha256(LISTED), LISTED), 'runs Status'],
      ['the exact text of a listed document', { query: LISTED }, 'runs Status'],
      [
        'listed text with a null persistedQuery, which Apollo reads as none',
        { query: LISTED, extensions: { persistedQuery: null } },
        'runs Status',
      ],
      ['an unlisted hash', byHash(sha256(OTHER)), 'PERSISTED_QUERY_NOT_IN_LIST'],
      ['an unlisted hash with its text', byHash(sha256(OTHER), OTHER), 'PERSISTED_QUERY_NOT_IN_LIST'],
      ['unlisted text', { query: OTHER }, 'QUERY_NOT_IN_SAFELIST'],
      ["a listed hash with another document's text", byHash(sha256(LISTED), OTHER), 'QUERY_NOT_IN_SAFELIST'],
      ['a listed text reformatted', { query: LISTED.replace(' {', '  {') }, 'QUERY_NOT_IN_SAFELIST'],
      ['another persisted query version', { extensions: { persistedQuery: { version: 2, sha256Hash: sha256(LISTED) } } }, 'BAD_USER_INPUT'],
    ])('%s: %s', async (_case, body, expected) => {
      expect(await outcome(pipeline, ask(customer, body))).toBe(expected);
    });

    it('never serves a customer a hash a service rep registered', async () => {
      expect(await outcome(pipeline, ask(rep, byHash(sha256(OTHER), OTHER)))).toBe('runs Eta');
      expect(await outcome(pipeline, ask(rep, byHash(sha256(OTHER))))).toBe('runs Eta');
      expect(await outcome(pipeline, ask(customer, byHash(sha256(OTHER))))).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    });

    it('answers a refusal as a request error Apollo Client reads, not to be cached', async () => {
      const refused = await pipeline.prepare(ask(customer, { query: OTHER }));
      expect(refused).toMatchObject({
        ok: false,
        status: 400,
        requestError: true,
        headers: { 'Cache-Control': expect.stringMatching(/no-cache/) },
      });
    });

    it('resolves a hash into the document the pipeline prepares', async () => {
      const prepared = await pipeline.prepare(ask(customer, byHash(sha256(LISTED))));
      expect(prepared).toMatchObject({ ok: true, query: LISTED, variables: { id: 'S' } });
    });

    it('admits a session (graphql-ws connection_init), which carries no operation yet', async () => {
      const token = await mintToken({ sub: 'c', role: Role.Customer, customerId: 'C' }, { secret: 'test' });
      const admitted = await pipeline.admit({ transport: TransportKind.GraphqlWs, authorization: `Bearer ${token}` });
      expect(admitted).toMatchObject({ ok: true, identity: customer });
    });
  });

  describe('automatic persisted queries where not enforced', () => {
    it('asks for the document of an unknown hash, registers it, then runs it by hash', async () => {
      const pipeline = pipelineWith(TrustedDocumentsMode.Off);
      expect(await outcome(pipeline, ask(customer, byHash(sha256(OTHER))))).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(await outcome(pipeline, ask(customer, byHash(sha256(OTHER), OTHER)))).toBe('runs Eta');
      expect(await outcome(pipeline, ask(customer, byHash(sha256(OTHER))))).toBe('runs Eta');
      expect(await outcome(pipeline, ask(customer, byHash(sha256(LISTED))))).toBe('runs Status');
    });

    it('refuses a hash that does not match its document', async () => {
      expect(await outcome(pipelineWith(TrustedDocumentsMode.Off), ask(customer, byHash(sha256(LISTED), OTHER)))).toBe('BAD_USER_INPUT');
    });

    it('logs each unlisted operation once in log mode, and runs it', async () => {
      const lines: Record<string, unknown>[] = [];
      const pipeline = pipelineWith(TrustedDocumentsMode.Log, lines);
      for (let i = 0; i < 3; i++) expect(await outcome(pipeline, ask(customer, { query: OTHER, operationName: 'Eta' }))).toBe('runs Eta');
      expect(await outcome(pipeline, ask(customer, { query: LISTED }))).toBe('runs Status');
      const logged = lines.filter((l) => l.message === 'operation not in the trusted documents');
      expect(logged).toEqual([expect.objectContaining({ level: 'warn', role: 'customer', operationName: 'Eta', hash: sha256(OTHER) })]);
    });
  });
});
