import { Server, createServer, RequestListener } from 'node:http';
import { AddressInfo } from 'node:net';
import { PortInUseError } from './port-in-use';

export interface Listening {
  server: Server;
  port: number;
  /** Stops accepting, lets open requests finish, then closes idle keep-alive sockets. */
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once bound. */
export function listen(handler: RequestListener, port: number, host: string): Promise<Listening> {
  const server = createServer(handler);
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
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      });
    });
  });
}
