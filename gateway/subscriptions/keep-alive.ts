import { WebSocketServer, WebSocket } from 'ws';

/**
 * WebSocket-level pings: a client that has not answered the previous ping by the next one is gone
 * (network dropped without a close) and is terminated, which completes its subscriptions.
 */
export function keepAlive(wss: WebSocketServer, intervalMs: number): () => void {
  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (socket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
  });
  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
