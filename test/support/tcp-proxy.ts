import net from 'node:net';

export interface TcpProxy {
  /** http://127.0.0.1:<port> with the target's path. */
  url: string;
  /** Cuts every open connection and refuses new ones until `restore()`. */
  cut(): void;
  restore(): void;
  /** Connections accepted so far (cut or not). */
  readonly accepted: number;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** Where the proxy listens (default: a free port): a subgraph's own port, to stand in front of a restarted subgraph. */
  port?: number;
  /** Each chunk of the target's answers reaches the client this much later: a slow system of record. */
  delayMs?: number;
}

/** A TCP proxy in front of `targetUrl`, to cut a connection in the middle of a stream or slow its answers down. */
export async function startTcpProxy(targetUrl: string, options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const pairs = new Set<[net.Socket, net.Socket]>();
  let blocked = false;
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    if (blocked) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    const { delayMs } = options;
    // Chunks delayed alike keep their order: timers of one duration fire in the order they were set.
    if (delayMs) upstream.on('data', (chunk: Buffer) => setTimeout(() => client.destroyed || client.write(chunk), delayMs));
    else upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const cutAll = () => {
    for (const [client, upstream] of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    cut() {
      blocked = true;
      cutAll();
    },
    restore() {
      blocked = false;
    },
    get accepted() {
      return accepted;
    },
    async close() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
