import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics of one service (docs/contract.md §9); each service has its own registry. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'route' | 'status'>;
  readonly subgraphDuration: Histogram<'subgraph'>;
  readonly eventsIngested: Counter<'type' | 'result' | 'route'>;
  readonly eventsApplied: Counter<'consumer' | 'type'>;
  readonly ingestThrottled: Counter<'class'>;
  readonly eventLag: Histogram<'consumer'>;
  readonly activeSubscriptions: Gauge;
  readonly subgraphTimeouts: Counter<'subgraph'>;
  readonly subgraphFailures: Counter<'subgraph' | 'reason'>;
  readonly subgraphBreakerState: Gauge<'subgraph'>;
  readonly subscriptionTicks: Counter;
  readonly subscriptionUpdatesResolved: Counter;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpDuration = new Histogram({
      name: 'lading_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['route', 'status'],
      registers,
    });
    this.subgraphDuration = new Histogram({
      name: 'lading_subgraph_request_duration_seconds',
      help: 'Latency of gateway requests per subgraph',
      labelNames: ['subgraph'],
      registers,
    });
    this.eventsIngested = new Counter({
      name: 'lading_events_total',
      help: 'Events received by type, result and the route they came in by',
      labelNames: ['type', 'result', 'route'],
      registers,
    });
    this.ingestThrottled = new Counter({
      name: 'lading_ingest_throttled_total',
      help: 'Ingest requests answered 429 for their synchronisation class: behind its lag limit, or no room at the door for requests without a real-time event',
      labelNames: ['class'],
      registers,
    });
    this.eventsApplied = new Counter({
      name: 'lading_events_applied_total',
      help: 'Events applied by consumer and type',
      labelNames: ['consumer', 'type'],
      registers,
    });
    this.eventLag = new Histogram({
      name: 'lading_event_lag_seconds',
      help: 'Time from acceptance to application',
      labelNames: ['consumer'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    });
    this.activeSubscriptions = new Gauge({ name: 'lading_active_subscriptions', help: 'Open GraphQL subscriptions', registers });
    this.subgraphTimeouts = new Counter({
      name: 'lading_subgraph_timeouts_total',
      help: 'Gateway calls to a subgraph that hit its timeout',
      labelNames: ['subgraph'],
      registers,
    });
    this.subgraphFailures = new Counter({
      name: 'lading_subgraph_failures_total',
      help: 'Gateway calls to a subgraph that failed, by reason: timeout, connection, status (5xx), breaker_open (failed fast)',
      labelNames: ['subgraph', 'reason'],
      registers,
    });
    this.subgraphBreakerState = new Gauge({
      name: 'lading_subgraph_breaker_state',
      help: 'Circuit breaker per subgraph: 0 closed, 1 half-open, 2 open',
      labelNames: ['subgraph'],
      registers,
    });
    this.subscriptionTicks = new Counter({
      name: 'lading_subscription_ticks_total',
      help: 'Turns of the event loop in which subscription updates were resolved together (one entity request per subgraph each)',
      registers,
    });
    this.subscriptionUpdatesResolved = new Counter({
      name: 'lading_subscription_updates_resolved_total',
      help: 'Subscription updates resolved (once per shared stream, whatever the number of subscribers)',
      registers,
    });
  }

  /** A gauge with labels read at scrape time: one value per label set (e.g. per log partition). */
  labelledGaugeFrom<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => Promise<{ labels: Record<L, string>; value: number }[]>,
  ): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { labels, value } of await read().catch(() => [])) this.set(labels as never, value);
      },
    });
  }

  /** A gauge read at scrape time, e.g. held and dead-letter counts from the store. */
  gaugeFrom(name: string, help: string, read: () => Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read().catch(() => NaN));
      },
    });
  }
}
