import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../lib/config';
import type { KnownManifest } from '../lib/supergraph/schema-check';
import { checkSchema } from '../lib/supergraph/schema-check';
import { KNOWN_MANIFEST_PATHS, PUBLISHED_API_SCHEMA_PATH, SUPERGRAPH_CONFIG_PATH } from '../lib/supergraph/paths';
import { parseCli } from './cli';

const USAGE = `Checks the working tree's subgraphs before they are deployed: they compose (supergraph.yaml), the
composed API schema breaks nothing against the published api-schema.graphql, and every operation of the
known clients' persisted query manifests (docs/examples/portal-persisted-query-manifest.json, the manifest
LADING_TRUSTED_DOCUMENTS_PATH names, and any --manifest) still validates against it. Exit 1 on any problem.

usage: npm run schema:check [-- --manifest path/to/manifest.json ...]

  --manifest <path>   another client's persisted query manifest (repeatable)`;

function known(paths: readonly string[]): KnownManifest[] {
  return [...new Set(paths.map((p) => path.resolve(p)))].map((file) => {
    const source = path.relative(process.cwd(), file) || file;
    try {
      return { source, text: readFileSync(file, 'utf8') };
    } catch (error) {
      // An unreadable manifest is reported as not in the format, not thrown: the check names it like any other problem.
      return { source, text: `unreadable: ${(error as Error).message}` };
    }
  });
}

function main(): number {
  const options = parseCli(USAGE, { manifest: { type: 'string', multiple: true, default: [] } });
  const configured = loadConfig().trustedDocuments.manifestPath;
  const manifests = known([...KNOWN_MANIFEST_PATHS, ...(configured ? [configured] : []), ...(options.manifest ?? [])]);
  const { problems, operations } = checkSchema(SUPERGRAPH_CONFIG_PATH, readFileSync(PUBLISHED_API_SCHEMA_PATH, 'utf8'), manifests);
  if (problems.length > 0) {
    process.stderr.write(`schema check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write(`schema check passed: no breaking change, ${operations} operations of ${manifests.length} manifests valid\n`);
  return 0;
}

process.exitCode = main();
