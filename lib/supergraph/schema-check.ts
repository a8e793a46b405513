import { ManifestError, manifestProblems, parseManifest } from '../trusted-documents';
import { apiSchemaOf, breakingChanges } from './api-schema';
import { composeSupergraph } from './compose';

/** A client's operations, as a persisted query manifest's text, and where it came from. */
export interface KnownManifest {
  source: string;
  text: string;
}

export interface SchemaCheck {
  /** Every problem, one line each: composition errors, breaking changes, operations that would fail. Empty: safe to deploy. */
  problems: string[];
  /** Operations checked against the composed API schema. */
  operations: number;
}

/**
 * What a subgraph owner needs to know before deploying: the subgraphs `supergraphConfigPath` names
 * compose; the composed API breaks nothing a client of `publishedApiSchema` relied on; and every
 * operation of the known clients' manifests still validates against it (naming operation and field).
 */
export function checkSchema(supergraphConfigPath: string, publishedApiSchema: string, manifests: readonly KnownManifest[]): SchemaCheck {
  const composed = composeSupergraph(supergraphConfigPath);
  if (!composed.ok) return { problems: composed.errors.map((e) => `composition: ${e}`), operations: 0 };
  const api = apiSchemaOf(composed.supergraphSdl);
  const problems = breakingChanges(publishedApiSchema, api).map((change) => `breaking change against the published API: ${change}`);
  let operations = 0;
  for (const { source, text } of manifests) {
    try {
      const manifest = parseManifest(text, source);
      operations += manifest.operations.length;
      problems.push(...manifestProblems(manifest, api, source));
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      problems.push(error.message);
    }
  }
  return { problems, operations };
}
