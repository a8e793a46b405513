import type { Dispatcher } from 'undici';
import { Client, Pool } from 'undici';

/** What one subgraph call came back with. */
export interface SubgraphReply {
  status: number;
  body: string;
}

/** Why a subgraph call failed below GraphQL: it took too long, the connection failed, or it answered 5xx. */
export class SubgraphCallError extends Error {
  constructor(
    readonly kind: 'timeout' | 'connection' | 'status',
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export interface SubgraphHttpOptions {
  /** The whole call (queueing for a socket, sending, waiting, reading) must finish within this. */
  timeoutMs: number;
  /** Most sockets open to the subgraph at once; further calls queue (inside their timeout). */
  connections?: number;
}

/**
 * A socket the server closed while our request was on its way surfaces as one of these before any
 * response byte arrives; a fresh connection is the cure.
 */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

function isReset(error: unknown): boolean {
  return RESET_CODES.has((error as { code?: string })?.code ?? '');
}

/** Sockets to one subgraph at once: beyond the concurrency one 2-core subgraph process serves, requests queue in the pool. */
const MAX_SOCKETS = 128;
// Lading's servers keep idle sockets for 65 s (lib/server/listen.ts); 4 s stays well inside that
// and inside Node's 5 s default of any other server in front of a subgraph.
const IDLE_SOCKET_MS = 4000;

/**
 * HTTP to one subgraph over a keep-alive undici pool. Idle sockets are dropped before the server
 * drops them (our keep-alive is shorter than the subgraphs' `keepAliveTimeout`, and undici also obeys
 * the server's `Keep-Alive: timeout` hint), so a dead socket is not handed out; for the race that
 * remains (the server closing just as a request is written), a read is retried once on a new socket.
 */
export class SubgraphHttp {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly origin: string;

  constructor(
    url: string,
    private readonly options: SubgraphHttpOptions,
  ) {
    const parsed = new URL(url);
    this.path = parsed.pathname + parsed.search;
    this.origin = parsed.origin;
    this.pool = new Pool(parsed.origin, {
      connections: options.connections ?? MAX_SOCKETS,
      pipelining: 1,
      keepAliveTimeout: IDLE_SOCKET_MS,
      keepAliveMaxTimeout: IDLE_SOCKET_MS,
      connect: { timeout: options.timeoutMs },
    });
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** POSTs `body`; `retryOnReset` says the request may safely be sent twice (a read). */
  async post(headers: Record<string, string>, body: string, retryOnReset: boolean): Promise<SubgraphReply> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      try {
        return await this.send(headers, body, controller.signal);
      } catch (error) {
        if (timedOut || !retryOnReset || !isReset(error)) throw error;
        // On a connection of its own: another pooled socket may be just as stale as the one that died.
        const fresh = new Client(this.origin, { pipelining: 1 });
        try {
          return await this.send(headers, body, controller.signal, fresh);
        } finally {
          void fresh.close().catch(() => undefined);
        }
      }
    } catch (error) {
      if (timedOut) throw new SubgraphCallError('timeout', `no answer within ${this.options.timeoutMs} ms`);
      throw new SubgraphCallError('connection', (error as Error).message, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private async send(
    headers: Record<string, string>,
    body: string,
    signal: AbortSignal,
    via: Dispatcher = this.pool,
  ): Promise<SubgraphReply> {
    const response = await via.request({ path: this.path, method: 'POST', headers, body, signal });
    return { status: response.statusCode, body: await response.body.text() };
  }

  async dispose(): Promise<void> {
    await this.pool.destroy();
  }
}
