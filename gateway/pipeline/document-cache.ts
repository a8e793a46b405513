import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import { createHash } from 'node:crypto';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { GraphQLError, parse, validate } from 'graphql';
import { DEFAULTS } from '../../lib/settings';

/** Apollo Server's document store type (a key-value cache of validated documents). */
type ApolloDocumentStore = NonNullable<ApolloServerOptions<BaseContext>['documentStore']>;

/** A document as parsed once: the document, or its syntax error. */
export type ParsedDocument = { ok: true; document: DocumentNode; hash: string } | { ok: false; errors: readonly GraphQLError[] };

interface Entry {
  parsed: ParsedDocument;
  /** Validation errors, once validated (empty: valid). Validation runs after the limits: its cost grows faster than a document's size. */
  validation?: readonly GraphQLError[];
}

/**
 * One parse and one validation per distinct document text, shared by the limits, every transport
 * and Apollo Server (through `apolloDocumentStore`, which Apollo reads before parsing). Bounded:
 * the least recently used entry goes first, so a flood of distinct documents costs memory once.
 */
export class DocumentCache {
  private readonly byText = new Map<string, Entry>();
  private readonly byHash = new Map<string, DocumentNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxTokens: number,
    private readonly maxEntries = DEFAULTS.LADING_DOCUMENT_CACHE_SIZE,
  ) {}

  get size(): number {
    return this.byText.size;
  }

  parse(text: string): ParsedDocument {
    return this.entry(text).parsed;
  }

  /** Validation errors of a parsed document (empty when valid); only a valid document is served to Apollo. */
  validate(text: string): readonly GraphQLError[] {
    const entry = this.entry(text);
    if (!entry.parsed.ok) return entry.parsed.errors;
    if (entry.validation === undefined) {
      entry.validation = validate(this.schema, entry.parsed.document);
      if (entry.validation.length === 0 && this.byText.get(text) === entry) this.byHash.set(entry.parsed.hash, entry.parsed.document);
    }
    return entry.validation;
  }

  private entry(text: string): Entry {
    const hit = this.byText.get(text);
    if (hit) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.byText.delete(text);
      this.byText.set(text, hit);
      return hit;
    }
    const entry: Entry = { parsed: this.parseText(text) };
    if (this.byText.size >= this.maxEntries) this.evictOldest();
    this.byText.set(text, entry);
    return entry;
  }

  private parseText(text: string): ParsedDocument {
    try {
      // Apollo Server keys its document store by the SHA-256 of the text.
      return { ok: true, document: parse(text, { maxTokens: this.maxTokens }), hash: createHash('sha256').update(text).digest('hex') };
    } catch (error) {
      return { ok: false, errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] };
    }
  }

  private evictOldest(): void {
    const [text, oldest] = this.byText.entries().next().value as [string, Entry];
    this.byText.delete(text);
    if (oldest.parsed.ok) this.byHash.delete(oldest.parsed.hash);
  }
  /**
   * Apollo Server's `documentStore`: a hit makes Apollo skip its own parse and validation. Keys are
   * `<schema hash>:<document hash>`; the gateway serves one fixed schema, so the prefix is ignored.
   * Apollo's own `set` is ignored: only documents this cache validated are served.
   */
  apolloDocumentStore(): ApolloDocumentStore {
    return {
      get: async (key) => this.byHash.get(key.slice(key.lastIndexOf(':') + 1)),
      set: async () => undefined,
      delete: async () => true,
    };
  }
}
