import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import { createHash } from 'node:crypto';
import type { Role } from '../../lib/identity/identity';
import type { GraphRole, TrustedDocumentsPolicy } from '../../lib/settings';
import { DEFAULTS, GRAPH_ROLES, TrustedDocumentsMode, defaultTrustedDocumentsPolicy } from '../../lib/settings';
import type { PersistedQueryManifest } from '../../lib/trusted-documents';

/** Apollo Server's cache for automatic persisted queries (a key-value cache of document texts). */
type ApolloPersistedQueryCache = NonNullable<Exclude<ApolloServerOptions<BaseContext>['persistedQueries'], false | undefined>['cache']>;

/** What the gateway starts with: the mode per role and the manifest, already checked against the schema. */
export interface TrustedDocumentsSetup {
  policy: TrustedDocumentsPolicy;
  manifest?: PersistedQueryManifest;
}

export const DEFAULT_TRUSTED_DOCUMENTS: TrustedDocumentsSetup = { policy: defaultTrustedDocumentsPolicy(false) };

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The documents the gateway knows by hash: the trusted ones of the manifest (by id and by exact text),
 * and those clients registered by automatic persisted queries where the policy lets them. Registrations
 * are bounded (least recently used first out), so a flood of distinct documents costs memory once; a
 * client whose hash was dropped, or registered on another instance, is answered PERSISTED_QUERY_NOT_FOUND
 * and sends the document again, as the protocol provides.
 */
export class PersistedDocuments {
  private readonly byId = new Map<string, string>();
  private readonly bodies = new Set<string>();
  private readonly registered = new Map<string, string>();
  private readonly unlistedSeen = new Set<string>();

  constructor(
    private readonly setup: TrustedDocumentsSetup = DEFAULT_TRUSTED_DOCUMENTS,
    private readonly maxRegistered = DEFAULTS.LADING_DOCUMENT_CACHE_SIZE,
  ) {
    for (const op of setup.manifest?.operations ?? []) {
      this.byId.set(op.id, op.body);
      this.bodies.add(op.body);
    }
  }

  get hasManifest(): boolean {
    return this.setup.manifest !== undefined;
  }

  /** The mode for a role; a role that runs no operations is enforced (it is refused before this anyway). */
  modeFor(role: Role | undefined): TrustedDocumentsMode {
    return GRAPH_ROLES.includes(role as GraphRole) ? this.setup.policy[role as GraphRole] : TrustedDocumentsMode.Enforce;
  }

  /** The trusted document with this id, if the manifest has one. */
  listed(id: string): string | undefined {
    return this.byId.get(id);
  }

  isListedText(text: string): boolean {
    return this.bodies.has(text);
  }

  /** A trusted document by id, else one a client registered under this hash. */
  find(hash: string): string | undefined {
    const listed = this.byId.get(hash);
    if (listed !== undefined) return listed;
    const text = this.registered.get(hash);
    if (text !== undefined) {
      this.registered.delete(hash);
      this.registered.set(hash, text);
    }
    return text;
  }

  register(hash: string, text: string): void {
    if (this.byId.has(hash) || this.registered.has(hash)) return;
    if (this.registered.size >= this.maxRegistered) this.registered.delete(this.registered.keys().next().value as string);
    this.registered.set(hash, text);
  }

  /** True the first time an unlisted document is seen (bounded like the registrations), so `log` mode logs each once. */
  firstSightOfUnlisted(hash: string): boolean {
    if (this.unlistedSeen.has(hash)) return false;
    if (this.unlistedSeen.size >= this.maxRegistered) this.unlistedSeen.clear();
    this.unlistedSeen.add(hash);
    return true;
  }

  /**
   * Apollo Server's persisted query cache over these documents: Apollo looks a hash-only GET up here
   * after the pipeline admitted it (keys are `apq:<hash>`). Apollo's own registrations are ignored:
   * the pipeline registers, and only where the policy allows.
   */
  apolloCache(): ApolloPersistedQueryCache {
    return {
      get: async (key) => this.find(key.slice(key.lastIndexOf(':') + 1)),
      set: async () => undefined,
      delete: async () => true,
    };
  }
}
