import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { parseCli } from './cli';
import { syncGenerated } from './generated-files';
import { generatedPath, resolverTypes } from './codegen/resolver-types';
import { RESOLVER_TYPES } from './codegen/subgraph-mappers';

const USAGE = `Writes each subgraph's resolver types, generated from its schema.graphql with GraphQL Code
Generator (typescript + typescript-resolvers, federation on): subgraphs/<name>/generated/resolvers.ts.

usage: npm run codegen [-- --check]

  --check   write nothing; exit 1 when a committed file differs from what the SDL says`;

/** `npm run codegen` after changing a subgraph's schema.graphql. */
async function main(): Promise<number> {
  const check = parseCli(USAGE, { check: { type: 'boolean', default: false } }).check === true;
  const files = [];
  for (const name of SUBGRAPH_NAMES) files.push({ path: generatedPath(name), content: await resolverTypes(name, RESOLVER_TYPES[name]) });
  return syncGenerated(files, check, 'npm run codegen');
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
