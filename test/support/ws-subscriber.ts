import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber {
  results: any[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once `count` results arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<any[]>;
  close(): Promise<void>;
}

/** A real graphql-ws client over a real socket, collecting what one subscription delivers. */
export function subscribe(
  httpUrl: string,
  connectionParams: Record<string, unknown>,
  query: string,
  variables: Record<string, unknown> = {},
  client: Client = createClient({ url: httpUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true }),
): Subscriber {
  const subscriber: Subscriber = {
    results: [],
    errors: [],
    completed: false,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (subscriber.results.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${subscriber.results.length} of ${count} results: ${JSON.stringify(subscriber.errors)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return subscriber.results;
    },
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (result) => subscriber.results.push(result),
      error: (error) => subscriber.errors.push(error),
      complete: () => (subscriber.completed = true),
    },
  );
  return subscriber;
}

/** Waits until `check` holds (polling), or fails after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
