import { readFileSync, writeFileSync } from 'node:fs';
import { apiSchemaOf, breakingChanges, printApiSchema } from '../lib/supergraph/api-schema';
import { composeSupergraph } from '../lib/supergraph/compose';
import { PUBLISHED_API_SCHEMA_PATH, SUPERGRAPH_CONFIG_PATH, SUPERGRAPH_SDL_PATH } from '../lib/supergraph/paths';
import { parseCli } from './cli';

const USAGE = `Composes the subgraph SDLs listed in supergraph.yaml into supergraph.graphql (offline), and the
API schema clients see into api-schema.graphql. A change that would break a client (a removed or
retyped field, a removed enum value, a new required argument ...) is refused: nothing is written.

usage: npm run compose [-- --check] [-- --allow-breaking]

  --check            write nothing; exit 1 when either file is out of date or the API would break
  --allow-breaking   write even a breaking API change (a deliberate new major version)`;

function readOr(file: string, otherwise: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return otherwise;
  }
}

/** `npm run compose` writes supergraph.graphql and api-schema.graphql; `--check` only says whether they are current. */
function main(): number {
  const options = parseCli(USAGE, { check: { type: 'boolean', default: false }, 'allow-breaking': { type: 'boolean', default: false } });
  const result = composeSupergraph(SUPERGRAPH_CONFIG_PATH);
  if (!result.ok) {
    process.stderr.write(`Composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 1;
  }
  for (const hint of result.hints) process.stdout.write(`hint: ${hint}\n`);
  const api = printApiSchema(apiSchemaOf(result.supergraphSdl));
  const published = readOr(PUBLISHED_API_SCHEMA_PATH, '');
  const breaking = published ? breakingChanges(published, apiSchemaOf(result.supergraphSdl)) : [];
  if (breaking.length > 0 && options['allow-breaking'] !== true) {
    process.stderr.write(
      `The API schema would break clients (against api-schema.graphql):\n${breaking.map((b) => `  - ${b}`).join('\n')}\n`,
    );
    return 1;
  }
  const files = [
    { path: SUPERGRAPH_SDL_PATH, content: result.supergraphSdl },
    { path: PUBLISHED_API_SCHEMA_PATH, content: api },
  ];
  if (options.check === true) {
    const stale = files.filter((f) => readOr(f.path, '') !== f.content);
    for (const f of stale) process.stderr.write(`${f.path} is out of date: run \`npm run compose\`\n`);
    return stale.length > 0 ? 1 : 0;
  }
  for (const f of files) {
    const unchanged = readOr(f.path, '') === f.content;
    if (!unchanged) writeFileSync(f.path, f.content);
    process.stdout.write(`${unchanged ? 'unchanged' : 'wrote'} ${f.path}\n`);
  }
  return 0;
}

process.exitCode = main();
