import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { until } from './until';

export interface Subscriber {
  results: any[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once `count` results arrived (rejects after `timeoutMs`, a bound on failure only). */
  waitFor(count: number, timeoutMs?: number): Promise<any[]>;
  close(): Promise<void>;
}

/** A real graphql-ws client over a real socket, collecting what one subscription delivers. */
export function subscribe(
  httpUrl: string,
  connectionParams: Record<string, unknown>,
  query: string,
  variables: Record<string, unknown> = {},
  client: Client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  }),
): Subscriber {
  const subscriber: Subscriber = {
    results: [],
    errors: [],
    completed: false,
    async waitFor(count, timeoutMs = 30_000) {
      await until(() => subscriber.results.length >= count, `${count} results`, timeoutMs).catch((error) => {
        throw new Error(`${error.message}: got ${subscriber.results.length}, errors ${JSON.stringify(subscriber.errors)}`);
      });
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

/** Waits until `check` holds: `until` without a description, for the subscription tests that use it. */
export function eventually(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  return until(check, 'a subscription condition', timeoutMs);
}
