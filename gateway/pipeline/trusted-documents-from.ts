import type { GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import type { LadingConfig } from '../../lib/config';
import { ConfigError } from '../../lib/config';
import { GRAPH_ROLES, TrustedDocumentsMode } from '../../lib/settings';
import { ManifestError, manifestProblems, parseManifest } from '../../lib/trusted-documents';
import type { TrustedDocumentsSetup } from './persisted-documents';

const PATH_SETTING = 'LADING_TRUSTED_DOCUMENTS_PATH';

function readManifestText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${PATH_SETTING}=${path} cannot be read: ${(error as Error).message}`);
  }
}

/**
 * The trusted documents the gateway starts with, or a ConfigError that stops the start: a role is
 * enforced without a manifest, the manifest is missing or not in Apollo's format, or one of its
 * documents would not run against `schema` (each named with its operation and field). `schema` is
 * asked for only when a manifest is set.
 */
export function trustedDocumentsFrom(settings: LadingConfig['trustedDocuments'], schema: () => GraphQLSchema): TrustedDocumentsSetup {
  const { policy, manifestPath } = settings;
  if (!manifestPath) {
    const enforced = GRAPH_ROLES.filter((role) => policy[role] === TrustedDocumentsMode.Enforce);
    if (enforced.length > 0)
      throw new ConfigError(
        `trusted documents are enforced for ${enforced.join(', ')} (LADING_TRUSTED_DOCUMENTS; by default for customers when NODE_ENV=production) ` +
          `but ${PATH_SETTING} names no manifest: set it to the portal's persisted query manifest, or set LADING_TRUSTED_DOCUMENTS`,
      );
    return { policy };
  }
  let manifest;
  try {
    manifest = parseManifest(readManifestText(manifestPath), `${PATH_SETTING}=${manifestPath}`);
  } catch (error) {
    if (error instanceof ManifestError) throw new ConfigError(error.message);
    throw error;
  }
  const problems = manifestProblems(manifest, schema(), `${PATH_SETTING}=${manifestPath}`);
  if (problems.length > 0)
    throw new ConfigError(`the trusted documents do not run against the schema:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { policy, manifest };
}
