import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { parseCli } from './cli';
import { generatedPath, resolverTypes } from './codegen/resolver-types';
import { RESOLVER_TYPES } from './codegen/subgraph-mappers';

const USAGE = `Writes each subgraph's resolver types, generated from its schema.graphql with GraphQL Code
Generator (typescript + typescript-resolvers, federation on): subgraphs/<name>/generated/resolvers.ts.

usage: npm run codegen [-- --check]

  --check   write nothing; exit 1 when a committed file differs from what the SDL says`;

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // Missing counts as out of date.
  }
}

/** `npm run codegen` after changing a subgraph's schema.graphql. */
async function main(): Promise<number> {
  const check = parseCli(USAGE, { check: { type: 'boolean', default: false } }).check === true;
  let stale = 0;
  for (const name of SUBGRAPH_NAMES) {
    const file = generatedPath(name);
    const content = await resolverTypes(name, RESOLVER_TYPES[name]);
    const current = read(file) === content;
    const shown = path.relative(process.cwd(), file);
    if (check) {
      if (!current) process.stderr.write(`${shown} is out of date: run \`npm run codegen\`\n`);
    } else {
      if (!current) {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
      process.stdout.write(`${current ? 'unchanged' : 'wrote'} ${shown}\n`);
    }
    if (!current) stale++;
  }
  return check && stale > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
