import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run build`, after tsc: copies the files compiled code reads at run time (SDL, the supergraph,
 * Lua scripts) to the same place under dist/, so `node dist/...` finds them beside its JavaScript.
 * Compiled to dist/scripts/, so ROOT is two levels up.
 */
const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

const copy = (relative: string) => cpSync(path.join(ROOT, relative), path.join(DIST, relative));

copy('supergraph.graphql');
copy('supergraph.yaml');
for (const subgraph of readdirSync(path.join(ROOT, 'subgraphs'))) copy(`subgraphs/${subgraph}/schema.graphql`);
for (const script of readdirSync(path.join(ROOT, 'lib/redis/scripts'))) copy(`lib/redis/scripts/${script}`);
process.stdout.write('dist/ is ready: node dist/scripts/start.js, node dist/gateway/index.js, node dist/subgraphs/<name>/index.js\n');
