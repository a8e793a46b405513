import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph } from '../lib/supergraph/compose';
import { SUPERGRAPH_CONFIG_PATH, SUPERGRAPH_SDL_PATH } from '../lib/supergraph/paths';
import { parseCli } from './cli';

const USAGE = `Composes the subgraph SDLs listed in supergraph.yaml into supergraph.graphql (offline).

usage: npm run compose [-- --check]

  --check   write nothing; exit 1 when supergraph.graphql is out of date`;

/** `npm run compose` writes supergraph.graphql; `--check` only says whether it is current. */
function main(): number {
  const check = parseCli(USAGE, { check: { type: 'boolean', default: false } }).check === true;
  const result = composeSupergraph(SUPERGRAPH_CONFIG_PATH);
  if (!result.ok) {
    process.stderr.write(`Composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 1;
  }
  for (const hint of result.hints) process.stdout.write(`hint: ${hint}\n`);
  let current = '';
  try {
    current = readFileSync(SUPERGRAPH_SDL_PATH, 'utf8');
  } catch {
    // Missing counts as out of date.
  }
  if (check) {
    if (current === result.supergraphSdl) return 0;
    process.stderr.write('supergraph.graphql is out of date: run `npm run compose`\n');
    return 1;
  }
  writeFileSync(SUPERGRAPH_SDL_PATH, result.supergraphSdl);
  process.stdout.write(`${current === result.supergraphSdl ? 'unchanged' : 'wrote'} ${SUPERGRAPH_SDL_PATH}\n`);
  return 0;
}

process.exitCode = main();
