import type { WebSocketServer } from 'ws';
import type { Logger } from '../logger';

/**
 * Socket-level errors (a frame over `maxPayload`, a protocol violation) are the client's doing, and
 * `ws` already closes such a socket with the right code (e.g. 1009). graphql-ws would also print each
 * one with console.error, which lets any client flood the process's stderr: its listener is replaced
 * by one that logs through the project logger at debug level. Call after `useServer`.
 */
export function logSocketErrors(wss: WebSocketServer, logger?: Logger): void {
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error) => logger?.debug('websocket closed on a client error', { error: error.message }));
  });
}
