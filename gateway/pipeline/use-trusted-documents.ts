import { ErrorCode } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { TrustedDocumentsMode } from '../../lib/settings';
import type { PersistedDocuments } from './persisted-documents';
import { sha256 } from './persisted-documents';
import type { PipelineContext, PipelinePlugin, Refusal } from './types';
import { refuse } from './types';

/** Apollo's answers to persisted queries must not be cached: the same GET may succeed once the document is registered. */
const NO_CACHE = { 'Cache-Control': 'private, no-cache, must-revalidate' };

/** A request error (200 to `application/json` clients, 400 to GraphQL-over-HTTP ones), as Apollo answers persisted queries. */
function requestError(code: ErrorCode, message: string): Refusal {
  return { ...refuse(400, code, message, NO_CACHE), requestError: true };
}

type PersistedQuery = { hash: string } | { invalid: string } | undefined;

/** `extensions.persistedQuery` as Apollo Client's persisted-queries link sends it: `{ version: 1, sha256Hash }`. */
function persistedQueryOf(extensions: unknown): PersistedQuery {
  if (typeof extensions !== 'object' || extensions === null || !('persistedQuery' in extensions)) return undefined;
  const persisted = extensions.persistedQuery;
  // Apollo reads a null persistedQuery as none.
  if (persisted === null || persisted === undefined) return undefined;
  if (typeof persisted !== 'object') return { invalid: '`extensions.persistedQuery` must be an object' };
  const { version, sha256Hash } = persisted as { version?: unknown; sha256Hash?: unknown };
  if (version !== 1) return { invalid: 'Unsupported persisted query version: 1 is' };
  if (typeof sha256Hash !== 'string' || sha256Hash === '') return { invalid: '`extensions.persistedQuery.sha256Hash` must be a string' };
  return { hash: sha256Hash };
}

function textOf(context: PipelineContext): string | undefined {
  const { query } = context.request;
  return typeof query === 'string' && query.trim() !== '' ? query : undefined;
}

const NOT_IN_LIST = (hash: string) =>
  requestError(ErrorCode.PersistedQueryNotInList, `persisted query ${hash} is not in the trusted documents`);
const NOT_IN_SAFELIST = () =>
  requestError(ErrorCode.QueryNotInSafelist, 'this operation is not in the trusted documents: send a trusted document (or its hash)');

/** Trusted documents only: by hash or by the exact text of the manifest's document; nothing is registered. */
function enforce(documents: PersistedDocuments, context: PipelineContext, persisted: { hash: string } | undefined): Refusal | void {
  const text = textOf(context);
  if (persisted) {
    const listed = documents.listed(persisted.hash);
    if (listed === undefined) return NOT_IN_LIST(persisted.hash);
    if (text !== undefined && text !== listed) return NOT_IN_SAFELIST();
    context.query = listed;
    return;
  }
  // No document at all is the pipeline's own refusal (BAD_USER_INPUT), whatever the policy.
  if (text !== undefined && !documents.isListedText(text)) return NOT_IN_SAFELIST();
}

/** Automatic persisted queries: a known hash runs its document, a document sent with its hash registers it. */
function automatic(documents: PersistedDocuments, context: PipelineContext, persisted: { hash: string }): Refusal | void {
  const text = textOf(context);
  if (text === undefined) {
    const known = documents.find(persisted.hash);
    if (known === undefined) return requestError(ErrorCode.PersistedQueryNotFound, 'PersistedQueryNotFound');
    context.query = known;
    return;
  }
  if (sha256(text) !== persisted.hash && documents.listed(persisted.hash) !== text)
    return requestError(ErrorCode.BadUserInput, 'provided sha does not match query');
  documents.register(persisted.hash, text);
}

/**
 * Trusted documents (docs/request-pipeline.md): per role, `enforce` runs only the manifest's documents
 * (PERSISTED_QUERY_NOT_IN_LIST for an unknown hash, QUERY_NOT_IN_SAFELIST for other text), `log` and
 * `off` run any document and serve automatic persisted queries (`log` also logs each unlisted
 * operation once). A request guard: it runs after authentication, and a resolved hash becomes the
 * document every later step (limits, validation, execution) sees.
 */
export function useTrustedDocuments(documents: PersistedDocuments, logger: Logger): PipelinePlugin {
  return {
    name: 'trusted-documents',
    onRequest(context) {
      const persisted = persistedQueryOf(context.request.extensions);
      // A session being admitted (graphql-ws `connection_init`) carries no operation yet.
      if (persisted === undefined && textOf(context) === undefined) return;
      if (persisted && 'invalid' in persisted) return requestError(ErrorCode.BadUserInput, persisted.invalid);
      const mode = documents.modeFor(context.identity?.role);
      if (mode === TrustedDocumentsMode.Enforce) return enforce(documents, context, persisted);
      const refused = persisted ? automatic(documents, context, persisted) : undefined;
      if (refused) return refused;
      const text = context.query ?? textOf(context);
      if (mode === TrustedDocumentsMode.Log && documents.hasManifest && text !== undefined && !documents.isListedText(text)) {
        const hash = sha256(text);
        if (documents.firstSightOfUnlisted(hash))
          logger.warn('operation not in the trusted documents', {
            role: context.identity?.role,
            operationName: context.request.operationName,
            hash,
          });
      }
    },
  };
}
