import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The composition config (Rover's format) at the repository root. */
export const SUPERGRAPH_CONFIG_PATH = path.join(ROOT, 'supergraph.yaml');

/** The committed, composed supergraph SDL the gateway loads. */
export const SUPERGRAPH_SDL_PATH = path.join(ROOT, 'supergraph.graphql');

/**
 * The last published API schema (what clients were promised). `npm run compose -- --publish` rewrites
 * it on purpose; composition checks every change against it (lib/supergraph/api-schema.ts).
 */
export const PUBLISHED_API_SCHEMA_PATH = path.join(ROOT, 'api-schema.graphql');

/** The persisted query manifests of the clients Lading knows (the example portal's): `npm run schema:check` runs each against the composed API. */
export const KNOWN_MANIFEST_PATHS = [path.join(ROOT, 'docs/examples/portal-persisted-query-manifest.json')];
