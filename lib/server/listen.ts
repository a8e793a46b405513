import type { Server, RequestListener } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortInUseError } from './port-in-use';

/** How long servers keep an idle keep-alive socket open. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_AFTER_KEEP_ALIVE_MS = 5000;
/** Open requests get this long to finish on close before their sockets are cut (shutdown must not hang on a slow client). */
const DRAIN_GRACE_MS = 2000;

export interface Listening {
  server: Server;
  port: number;
  /** Stops accepting, lets open requests finish, then closes idle keep-alive sockets. */
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once bound. */
export function listen(handler: RequestListener, port: number, host: string): Promise<Listening> {
  const server = createServer(handler);
  // Longer than any client's idle keep-alive (the gateway's pool drops idle sockets after 4 s), so the
  // server never closes a socket a client is about to reuse. Headers must time out later still.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + HEADERS_AFTER_KEEP_ALIVE_MS;
  return new Promise((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    server.once('error', refuse);
    server.listen(port, host, () => {
      server.off('error', refuse);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), DRAIN_GRACE_MS).unref();
          }),
      });
    });
  });
}
