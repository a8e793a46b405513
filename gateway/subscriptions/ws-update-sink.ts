import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { MessageType } from 'graphql-ws';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { corkForThisTick } from './corked-writes';
import type { Delivery } from './delivery';
import { serialized } from './serialized';
import type { UpdateSink } from './update-sink';

/** An event's result as the tail of a graphql-ws `next` message, built once and shared by every socket. */
const tails = new WeakMap<ExecutionResult, Buffer>();

function sharedTail(result: ExecutionResult): Buffer {
  let tail = tails.get(result);
  if (!tail) {
    tail = Buffer.from(`${serialized(result)}}`);
    tails.set(result, tail);
  }
  return tail;
}

/**
 * Writes one graphql-ws subscription's updates straight to its socket. An update's result is
 * serialized once per event (`serialized`), and every subscriber's `next` message is sent as two
 * fragments of one WebSocket message (RFC 6455 §5.4): its own head `{"id":…,"type":"next","payload":`
 * and the shared bytes of the result, so those bytes are neither copied nor re-encoded per socket.
 * A result carrying errors is formatted for this subscriber (`formatErrors`) and sent whole.
 */
export class WsUpdateSink implements UpdateSink {
  private readonly head: Buffer;
  private pending = 0;
  private onFlushed = () => undefined as void;
  private readonly flushed = () => {
    this.pending--;
    this.onFlushed();
  };

  constructor(
    private readonly socket: WebSocket,
    private readonly raw: Socket,
    private readonly id: string,
    private readonly formatErrors: (result: ExecutionResult) => FormattedExecutionResult,
  ) {
    this.head = Buffer.from(`{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`);
  }

  get backlog(): number {
    return this.pending;
  }

  whenFlushed(listener: () => void): void {
    this.onFlushed = listener;
  }

  write(delivery: Delivery): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    corkForThisTick(this.raw);
    this.pending++;
    const { result } = delivery;
    if (result.errors) {
      this.socket.send(JSON.stringify({ id: this.id, type: MessageType.Next, payload: this.formatErrors(result) }), this.flushed);
      return;
    }
    // binary: false keeps the message a text message (a Buffer would otherwise make it binary).
    this.socket.send(this.head, { binary: false, fin: false });
    this.socket.send(sharedTail(result), { binary: false, fin: true }, this.flushed);
  }
}
