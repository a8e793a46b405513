import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { untilValue } from './until';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * A local webhook receiver that can be told to fail: `failNext` answers 503 that many times, `down`
 * always; `gone` answers 410 Gone (the receiver no longer wants deliveries).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  failNext = 0;
  down = false;
  gone = false;
  /** Answers this long after the body arrived, to keep deliveries in flight. */
  delayMs = 0;
  /** Requests being answered now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => this.inFlight--);
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const failing = this.down || this.failNext > 0;
        if (this.failNext > 0) this.failNext--;
        const status = this.gone ? 410 : failing ? 503 : 204;
        this.received.push({
          id: String(req.headers['webhook-id']),
          timestamp: String(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
          body,
          status,
        });
        res.statusCode = status;
        setTimeout(() => res.end(), this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** Deliveries it accepted, in arrival order. */
  get accepted(): ReceivedWebhook[] {
    return this.received.filter((r) => r.status < 300);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Reads until `done` holds and returns the value (`untilValue` for the webhook tests). */
export function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  return untilValue(read, done, 'a webhook condition', timeoutMs);
}
