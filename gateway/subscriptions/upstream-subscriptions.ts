import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import type { ExecutionResult } from 'graphql';
import WebSocket from 'ws';
import { AsyncQueue } from '../../lib/graphql/async-queue';
import { encodeIdentity } from '../../lib/identity/forwarding';
import type { Identity } from '../../lib/identity/identity';
import { signWsInit } from '../../lib/identity/ws-init-signing';

/** ws:// URL of a subgraph's graphql-ws endpoint, from its HTTP URL. */
export function websocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/**
 * graphql-ws clients from the gateway to the subgraphs that own subscription root fields, one
 * connection per (subgraph, identity), since a subgraph authenticates a connection once, at init.
 */
export class UpstreamSubscriptions {
  private readonly clients = new Map<string, Client>();
  private active = 0;

  constructor(
    private readonly urls: Record<string, string>,
    private readonly subgraphSecret: string,
  ) {}

  /** Subscriptions open to the subgraphs (`lading_subscription_upstreams`). */
  get open(): number {
    return this.active;
  }

  subscribe(serviceName: string, identity: Identity, query: string, variables: Record<string, unknown>): AsyncQueue<ExecutionResult> {
    const client = this.client(serviceName, identity);
    let unsubscribe = () => undefined as void;
    this.active++;
    const queue = new AsyncQueue<ExecutionResult>(() => {
      this.active--;
      unsubscribe();
    });
    unsubscribe = client.subscribe<Record<string, unknown>>(
      { query, variables },
      {
        next: (result) => queue.push(result as ExecutionResult),
        error: (error) => {
          // A subgraph's GraphQL errors (e.g. NOT_FOUND) arrive as an array: pass them on as a result.
          if (Array.isArray(error)) {
            queue.push({ errors: error });
            queue.end();
          } else queue.fail(new UpstreamInterrupted(error instanceof Error ? error.message : describeCloseEvent(error)));
        },
        // end(), not return(): updates received just before completion must still be delivered.
        complete: () => queue.end(),
      },
    );
    return queue;
  }

  private client(serviceName: string, identity: Identity): Client {
    const encoded = encodeIdentity(identity);
    const key = `${serviceName}\u0000${encoded}`;
    let client = this.clients.get(key);
    if (!client) {
      const url = this.urls[serviceName];
      if (!url) throw new Error(`no URL for subgraph ${serviceName}`);
      client = createClient({
        url: websocketUrl(url),
        webSocketImpl: WebSocket,
        // A function, so that every (re)connection carries a fresh signature and a new single-use nonce.
        connectionParams: () => signWsInit(this.subgraphSecret, encoded),
        // Connect on first use and close when no subscription is left, a second later: a subscriber that
        // comes straight back (a page reload) reuses the socket instead of a new signed handshake.
        lazy: true,
        lazyCloseTimeout: 1000,
        // No automatic resubscription: it would repeat the original variables. The hub resumes
        // each shared stream itself, from the last cursor it delivered.
        retryAttempts: 0,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => Promise.resolve(client.dispose())));
    this.clients.clear();
  }
}

/** The connection to the subgraph was lost: the stream may be resumed from its last cursor. */
export class UpstreamInterrupted extends Error {}

function describeCloseEvent(error: unknown): string {
  const event = error as { code?: number; reason?: string };
  return event && typeof event.code === 'number'
    ? `upstream subscription closed (${event.code} ${event.reason ?? ''})`.trim()
    : 'upstream subscription failed';
}
