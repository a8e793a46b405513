import { buildSchema } from 'graphql';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../lib/config';
import { KNOWN_MANIFEST_PATHS, PUBLISHED_API_SCHEMA_PATH } from '../../lib/supergraph/paths';
import { sha256 } from './persisted-documents';
import { trustedDocumentsFrom } from './trusted-documents-from';

const schema = () => buildSchema(readFileSync(PUBLISHED_API_SCHEMA_PATH, 'utf8'));
const EXAMPLE = KNOWN_MANIFEST_PATHS[0];

function manifestFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lading-manifest-')), 'manifest.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const settings = (env: Record<string, string>) => loadConfig(env).trustedDocuments;
const start = (env: Record<string, string>) => () => trustedDocumentsFrom(settings(env), schema);

describe('trusted documents at start', () => {
  it('enforces customers by default in production, and only logs them in development', () => {
    expect(settings({ NODE_ENV: 'production', LADING_JWT_SECRET: 's' }).policy).toEqual({ customer: 'enforce', service_rep: 'off' });
    expect(settings({}).policy).toEqual({ customer: 'log', service_rep: 'off' });
    expect(settings({ LADING_TRUSTED_DOCUMENTS: 'enforce' }).policy).toEqual({ customer: 'enforce', service_rep: 'enforce' });
    expect(settings({ LADING_TRUSTED_DOCUMENTS: 'service_rep=log' }).policy).toEqual({ customer: 'log', service_rep: 'log' });
    expect(() => settings({ LADING_TRUSTED_DOCUMENTS: 'customer=strict' })).toThrow(/LADING_TRUSTED_DOCUMENTS/);
  });

  it('loads the example portal manifest, every operation checked against the schema', () => {
    const setup = start({ LADING_TRUSTED_DOCUMENTS: 'customer=enforce', LADING_TRUSTED_DOCUMENTS_PATH: EXAMPLE })();
    expect(setup.manifest?.operations.map((op) => op.name)).toEqual([
      'PortalShipments',
      'TrackShipment',
      'ShipmentDetail',
      'ShipmentUpdates',
    ]);
    expect(setup.manifest?.operations.every((op) => op.id === sha256(op.body))).toBe(true);
  });

  it.each([
    [
      'an enforced role without a manifest',
      { LADING_TRUSTED_DOCUMENTS: 'customer=enforce' },
      /enforced for customer.*LADING_TRUSTED_DOCUMENTS_PATH/,
    ],
    [
      'a missing manifest',
      { LADING_TRUSTED_DOCUMENTS_PATH: '/nonexistent/manifest.json' },
      /LADING_TRUSTED_DOCUMENTS_PATH=\/nonexistent\/manifest\.json cannot be read/,
    ],
    ['a file that is not JSON', { LADING_TRUSTED_DOCUMENTS_PATH: manifestFile('query { x }') }, /is not JSON/],
    [
      'a manifest in another format',
      { LADING_TRUSTED_DOCUMENTS_PATH: manifestFile({ [sha256('{ orders { totalCount } }')]: '{ orders { totalCount } }' }) },
      /is not a persisted query manifest: "format" must be "apollo-persisted-query-manifest"/,
    ],
    [
      'an operation without a body',
      {
        LADING_TRUSTED_DOCUMENTS_PATH: manifestFile({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [{ id: 'x', name: 'Track', type: 'query' }],
        }),
      },
      /operations\[0\] \(Track\) has no `body`/,
    ],
    [
      'a document that does not validate',
      {
        LADING_TRUSTED_DOCUMENTS_PATH: manifestFile({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [{ id: 'abc', name: 'Late', type: 'query', body: 'query Late { shipment(id: "S") { lateness } }' }],
        }),
      },
      /operation Late \(query, id abc…\): Cannot query field "lateness" on type "Shipment"/,
    ],
  ])('stops the start on %s, naming the setting and the operation', (_case, env, message) => {
    expect(start(env)).toThrow(ConfigError);
    expect(start(env)).toThrow(message);
  });
});
