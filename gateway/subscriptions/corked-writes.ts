import type { Socket } from 'node:net';

const corked = new Set<Socket>();

function uncorkAll(): void {
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/**
 * Holds a socket's writes until the current tick ends. The hub writes one event to every
 * subscriber in one synchronous loop, so the frames of all operations of one connection leave in
 * one write (one syscall per connection per event, not one per subscriber).
 */
export function corkForThisTick(socket: Socket): void {
  if (corked.has(socket)) return;
  if (corked.size === 0) process.nextTick(uncorkAll);
  socket.cork();
  corked.add(socket);
}
