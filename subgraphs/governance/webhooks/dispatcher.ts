import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../lib/logger';
import { BreakerState, CircuitBreaker } from '../../../lib/resilience/circuit-breaker';
import type { WebhookSettings } from '../../../lib/webhook-settings';
import { backoffMs } from './backoff';
import type { WebhookMetrics } from './webhook-metrics';
import type { WebhookSender } from './sender';
import { sign } from './signature';
import type { WebhookDelivery, WebhookEndpoint } from './webhook-records';
import { isDisabled } from './webhook-records';
import type { WebhookStore } from './webhook-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Standard Webhooks: a receiver answering 410 Gone wants nothing more, so its endpoint is disabled, not retried. */
const GONE = 410;

/**
 * Sends queued deliveries. Each endpoint has its own worker (so a slow or failing receiver never
 * delays another), holding a lease on the endpoint's queue so that one instance sends it at a
 * time, in log order, at most `concurrency` in flight. Failures back off exponentially with
 * jitter; past the retry period a delivery is dead. Consecutive failures open the endpoint's
 * circuit, pausing only that endpoint. A 410 Gone disables the endpoint until its owner enables it.
 */
export class WebhookDispatcher {
  private readonly owner = `webhooks-${randomBytes(6).toString('hex')}`;
  private readonly workers = new Map<string, Promise<void>>();
  private readonly circuits = new Map<string, CircuitBreaker>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private disposed = false;

  constructor(
    private readonly store: WebhookStore,
    private readonly sender: WebhookSender,
    private readonly settings: WebhookSettings,
    private readonly metrics: WebhookMetrics,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.settings.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Looks at every endpoint's queue now (new deliveries were queued). */
  wake(): void {
    if (this.disposed) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error) => this.logger.warn('webhook dispatch round failed', { error }))
      .finally(() => {
        this.ticking = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Whether an endpoint's circuit is open (for the graph and metrics). */
  circuitOpen(endpointId: string): boolean {
    return this.circuits.get(endpointId)?.failingFast ?? false;
  }

  /** The endpoint's breaker: after its cooldown one delivery probes the endpoint, and its outcome closes or reopens it. */
  private circuit(endpointId: string): CircuitBreaker {
    let breaker = this.circuits.get(endpointId);
    if (!breaker) {
      const failureThreshold = this.settings.circuitThreshold;
      breaker = new CircuitBreaker({
        failureThreshold,
        cooldownMs: this.settings.circuitCooldownMs,
        onStateChange: (state) => {
          if (state === BreakerState.Open) this.logger.warn('webhook endpoint paused: circuit open', { endpointId, failureThreshold });
        },
      });
      this.circuits.set(endpointId, breaker);
    }
    return breaker;
  }

  private async tick(): Promise<void> {
    for (const endpoint of await this.store.endpoints()) {
      if (this.disposed) return;
      if (isDisabled(endpoint) || this.workers.has(endpoint.id) || this.circuitOpen(endpoint.id)) continue;
      const worker = this.work(endpoint)
        .catch((error) => this.logger.warn('webhook worker failed', { endpointId: endpoint.id, error }))
        .finally(() => this.workers.delete(endpoint.id));
      this.workers.set(endpoint.id, worker);
    }
  }

  private async work(endpoint: WebhookEndpoint): Promise<void> {
    const { leaseMs, concurrency, pollMs } = this.settings;
    if (!(await this.store.lease(endpoint.id, this.owner, leaseMs))) return;
    let renewedAt = Date.now();
    try {
      while (!this.disposed) {
        if (Date.now() - renewedAt > leaseMs / 3) {
          if (!(await this.store.lease(endpoint.id, this.owner, leaseMs))) return;
          renewedAt = Date.now();
          // Another instance may have disabled it (a 410 there) or it was deleted since this worker began.
          const current = await this.store.endpoint(endpoint.id);
          if (!current || isDisabled(current)) return;
        }
        const queue = await this.store.pending(endpoint.id, concurrency * 4 + 8);
        if (queue.length === 0) return;
        const { due, nextAt } = this.pick(queue);
        if (due.length === 0) {
          const wait = nextAt - Date.now();
          if (wait > pollMs) return;
          await sleep(Math.max(1, wait));
          continue;
        }
        const outcomes = await Promise.all(due.map((delivery) => this.attempt(endpoint, delivery)));
        if (outcomes.includes('gone') || this.circuitOpen(endpoint.id)) return;
      }
    } finally {
      await this.store.releaseLease(endpoint.id, this.owner).catch(() => undefined);
    }
  }

  /** The deliveries to send now: the head of each ordering lane (the endpoint, or each shipment above concurrency 1). */
  private pick(queue: readonly WebhookDelivery[]): { due: WebhookDelivery[]; nextAt: number } {
    const lanes = new Set<string>();
    const due: WebhookDelivery[] = [];
    let nextAt = Infinity;
    const now = Date.now();
    for (const delivery of queue) {
      const lane = this.settings.concurrency === 1 ? '' : delivery.shipmentId;
      if (lanes.has(lane)) continue;
      lanes.add(lane);
      const at = Date.parse(delivery.nextAttemptAt);
      if (at <= now) due.push(delivery);
      else nextAt = Math.min(nextAt, at);
      if (due.length >= this.settings.concurrency) break;
    }
    return { due, nextAt };
  }

  /** One attempt of one delivery; 'gone' when the receiver answered 410 and the endpoint is now disabled. */
  private async attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery): Promise<'sent' | 'gone'> {
    // Left pending while the circuit is open or another delivery is its probe.
    const circuit = this.circuit(endpoint.id);
    if (!circuit.tryAcquire()) return 'sent';
    const started = Date.now();
    const timestamp = Math.floor(started / 1000);
    const headers = {
      'webhook-id': delivery.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': sign(endpoint.secret, delivery.id, timestamp, delivery.body),
    };
    const result = await this.sender.send(endpoint.url, headers, delivery.body);
    const attempt = {
      at: new Date(started).toISOString(),
      statusCode: result.statusCode,
      error: result.error,
      durationMs: Date.now() - started,
    };
    this.metrics.attemptSeconds.observe(attempt.durationMs / 1000);
    if (result.error === null) {
      circuit.onSuccess();
      this.metrics.attempts.inc({ result: 'delivered' });
      await this.store.recordAttempt(delivery.id, attempt, { status: 'DELIVERED' });
      return 'sent';
    }
    if (result.statusCode === GONE) {
      // Not a failure of the receiver's health: the breaker is left alone, and the delivery stays
      // pending, first in line (no retry counted against its period) for when the endpoint is enabled.
      circuit.onSuccess();
      this.metrics.attempts.inc({ result: 'failed' });
      this.logger.warn('webhook endpoint disabled: its receiver answered 410 Gone', { endpointId: endpoint.id, deliveryId: delivery.id });
      await this.store.disableEndpoint(endpoint.id, `the receiver answered ${GONE} Gone`, attempt.at);
      await this.store.recordAttempt(delivery.id, attempt, { status: 'PENDING', at: attempt.at });
      return 'gone';
    }
    circuit.onFailure();
    const firstAt = Date.parse(delivery.firstAttemptAt ?? attempt.at);
    if (Date.now() - firstAt >= this.settings.retryPeriodMs) {
      this.metrics.attempts.inc({ result: 'dead' });
      this.logger.warn('webhook delivery dead after its retry period', {
        endpointId: endpoint.id,
        deliveryId: delivery.id,
        attempts: delivery.attemptCount + 1,
        error: result.error,
      });
      await this.store.recordAttempt(delivery.id, attempt, { status: 'DEAD' });
      return 'sent';
    }
    this.metrics.attempts.inc({ result: 'failed' });
    const next = new Date(Date.now() + backoffMs(delivery.attemptCount + 1, this.settings.retryBaseMs, this.settings.maxBackoffMs));
    await this.store.recordAttempt(delivery.id, attempt, { status: 'PENDING', at: next.toISOString() });
    return 'sent';
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await Promise.all([...this.workers.values()]);
  }
}
