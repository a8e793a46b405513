import type { Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { until } from '../../lib/testing/until';
import { SubgraphCallError, SubgraphHttp } from './subgraph-http';

function serve(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`)),
  );
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const answer = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}');

describe("SubgraphHttp (the gateway's client for one subgraph)", () => {
  it('retries a read once on a fresh socket when the server drops a reused keep-alive socket instead of answering', async () => {
    // The race behind "dead sockets reused": the server closes an idle socket just as the client writes
    // the next request on it. This server makes the race certain: on a socket it already answered once,
    // the next request is met by closing the connection without an answer.
    const served = new WeakMap<Socket, number>();
    let dropped = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const count = served.get(req.socket) ?? 0;
        served.set(req.socket, count + 1);
        if (count >= 1) {
          dropped += 1;
          req.socket.destroy();
          return;
        }
        answer(res);
      });
    });
    // One pooled connection, so every request after the first is written on a reused socket.
    const http = new SubgraphHttp(await serve(server), { timeoutMs: 5000, connections: 1 });
    try {
      for (let i = 0; i < 5; i++) {
        const reply = await http.post({ 'content-type': 'application/json' }, '{"query":"{ ok }"}', true);
        expect(reply).toEqual({ status: 200, body: '{"data":{"ok":true}}' });
      }
      expect(dropped).toBeGreaterThan(0);
    } finally {
      await http.dispose();
      await close(server);
    }
  });

  it('does not send a mutation twice: the dropped request fails as a connection error', async () => {
    const served = new WeakMap<Socket, number>();
    let received = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received += 1;
        const count = served.get(req.socket) ?? 0;
        served.set(req.socket, count + 1);
        if (count >= 1) return void req.socket.destroy();
        answer(res);
      });
    });
    const http = new SubgraphHttp(await serve(server), { timeoutMs: 5000, connections: 1 });
    try {
      await http.post({}, '{"query":"mutation { a }"}', false);
      const error = await http.post({}, '{"query":"mutation { b }"}', false).catch((e) => e);
      expect(error).toBeInstanceOf(SubgraphCallError);
      expect(error.kind).toBe('connection');
      expect(received).toBe(2);
    } finally {
      await http.dispose();
      await close(server);
    }
  });

  it('never fails on sockets the server closed for being idle (requests spaced just past its keepAliveTimeout)', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res));
    });
    server.keepAliveTimeout = 300;
    let open = 0;
    let closed = 0;
    server.on('connection', (socket: Socket) => {
      open += 1;
      socket.on('close', () => (closed += 1));
    });
    const url = await serve(server);
    const http = new SubgraphHttp(url, { timeoutMs: 5000 });
    try {
      for (let i = 0; i < 6; i++) {
        await expect(http.post({}, '{"query":"{ ok }"}', true)).resolves.toMatchObject({ status: 200 });
        // The next request goes out the moment the idle connection is closed (by the server's timeout, or by
        // the client obeying its Keep-Alive hint first), before the other end may have read the close.
        await until(() => closed === open, 'the idle connection to be closed');
      }
      expect(closed).toBe(6);
    } finally {
      await http.dispose();
      await close(server);
    }
  });

  it('gives up after its timeout on a server that accepts the connection and never answers', async () => {
    const server = createServer(() => undefined);
    const http = new SubgraphHttp(await serve(server), { timeoutMs: 200 });
    try {
      const error = await http.post({}, '{"query":"{ ok }"}', true).catch((e) => e);
      expect(error).toBeInstanceOf(SubgraphCallError);
      expect(error.kind).toBe('timeout');
    } finally {
      await http.dispose();
      await close(server);
    }
  });
});
