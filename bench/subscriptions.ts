import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { startLadingProcess } from '../stack/lading-process';
import { startLadingServices } from '../stack/lading-services';
import { privateRedis } from './private-redis';
import { Deliveries, SECRET, UPDATE, driver, fetchAgain, stalledSubscriber, subscribeMany } from './live-clients';
import { metricValue, mib, quantile } from './stats';

/**
 * `npm run bench -- subscriptions`: live delivery at scale, each scenario against Lading in a child
 * process (gateway and subgraphs share it, so "RSS" is the whole layer's). Scenarios and sizes:
 * BENCH_SCENARIOS (fanout,distinct,redis,replay,burst), BENCH_FANOUT (subscribers of one shipment, 2,000),
 * BENCH_DISTINCT (subscribers on as many shipments, 2,000), BENCH_EVENTS (10), BENCH_REDIS_RATE
 * (events/s, 100), BENCH_REDIS_SECONDS (3), BENCH_REDIS_SHIPMENTS (shipments the events go to, 50), BENCH_REPLAY_LOG (log entries a flood replays, 2,000),
 * BENCH_BURST (shipments updated at once, one subscriber each, 20,000).
 * The issue's targets: 10,000 / 20,000 subscribers (set BENCH_FANOUT / BENCH_DISTINCT).
 */
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const FANOUT = num('BENCH_FANOUT', 2000);
const DISTINCT = num('BENCH_DISTINCT', 2000);
const EVENTS = num('BENCH_EVENTS', 10);
const REDIS_RATE = num('BENCH_REDIS_RATE', 100);
const REDIS_SECONDS = num('BENCH_REDIS_SECONDS', 3);
const REDIS_SHIPMENTS = num('BENCH_REDIS_SHIPMENTS', 50);
const REPLAY_LOG = num('BENCH_REPLAY_LOG', 2000);
const BURST = num('BENCH_BURST', 20_000);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'fanout,distinct,redis,replay,burst').split(',');
const LENIENT = {
  LADING_JWT_SECRET: SECRET,
  LADING_RATE_LIMIT_RPS: '100000',
  LADING_RATE_LIMIT_BURST: '100000',
  LADING_WS_MAX_CONNECTIONS: '100000',
  LADING_WS_INIT_TIMEOUT: '30s',
};
/** BENCH_NODE_ARGS: node options for the Lading children (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const start = (env: Record<string, string>) => startLadingProcess(env, undefined, NODE_ARGS);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(name: string, deliveries: Deliveries, expected: number, rss: Record<string, number>): void {
  const l = deliveries.latencies;
  console.log(`${name}`);
  console.log(
    `  delivered:   ${l.length} / ${expected}${deliveries.errors ? ` (${deliveries.errors} errors, ${deliveries.missed} UPDATES_MISSED)` : ''}`,
  );
  if (l.length)
    console.log(
      `  latency:     p50 ${quantile(l, 0.5).toFixed(1)} ms, p99 ${quantile(l, 0.99).toFixed(1)} ms, max ${Math.max(...l).toFixed(1)} ms (post → client)`,
    );
  console.log(
    `  RSS:         ${Object.entries(rss)
      .map(([k, v]) => `${k} ${mib(v)}`)
      .join(', ')}`,
  );
}

/**
 * A process's resident set from /proc (Linux): sampling it there costs the measured process nothing,
 * where a `/metrics` scrape every 250 ms cost the gateway seconds of CPU during a burst. Elsewhere, the scrape.
 */
async function rssOf(pid: number | undefined, scrape: () => Promise<number>): Promise<number> {
  const status = pid === undefined ? null : await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kib = status ? /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] : undefined;
  return kib ? Number(kib) * 1024 : scrape();
}

async function settle(clients: Client[], count: number): Promise<void> {
  // graphql-ws gives no subscribe acknowledgement: wait in proportion to what was opened.
  await pause(Number(process.env.BENCH_SETTLE_MS ?? 3000) + count / 4 + clients.length * 5);
}

/** Warm-up events until every subscriber has received one: all of them are attached upstream. */
async function warmUp(post: (id: string) => Promise<void>, deliveries: Deliveries, expected: number): Promise<void> {
  for (let k = 0; k < 20; k++) {
    const id = `warm-${k}`;
    await post(id);
    const deadline = Date.now() + 3000;
    while ((deliveries.perEvent.get(id) ?? 0) < expected && Date.now() < deadline) await pause(50);
    if ((deliveries.perEvent.get(id) ?? 0) >= expected) break;
  }
  deliveries.latencies.length = 0;
}

/** One event at a time to FANOUT subscribers of one shipment, with one stalled subscriber among them. */
async function fanout(): Promise<void> {
  const lading = await start(LENIENT);
  const d = driver(lading);
  const deliveries = new Deliveries();
  try {
    await d.seed('CUST-F', 'ORD-F', ['SHP-F']);
    await d.visible('CUST-F', 'SHP-F');
    const idle = await d.rss();
    const clients = await subscribeMany(lading.gatewayUrl, 'CUST-F', FANOUT, () => 'SHP-F', deliveries);
    const stalled = await stalledSubscriber(lading.gatewayUrl, 'CUST-F', 'SHP-F');
    await settle(clients, FANOUT);
    await warmUp((id) => d.post([d.milestone(id, 'SHP-F', 0)]), deliveries, FANOUT);
    const subscribed = await d.rss();
    let peak = subscribed;
    for (let e = 0; e < EVENTS; e++) {
      deliveries.sent(`fan-${e}`);
      await d.post([d.milestone(`fan-${e}`, 'SHP-F', e)]);
      await deliveries.until(FANOUT * (e + 1), 10_000);
      peak = Math.max(peak, await d.rss());
    }
    report(
      `one event to ${FANOUT} subscribers of one shipment (${EVENTS} events, one stalled subscriber among them)`,
      deliveries,
      FANOUT * EVENTS,
      { idle, subscribed, peak },
    );
    stalled.terminate();
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
  } finally {
    await lading.stop();
  }
}

/** DISTINCT subscribers on as many shipments: the memory a distinct subscription costs. */
async function distinct(): Promise<void> {
  const lading = await start(LENIENT);
  const d = driver(lading);
  const deliveries = new Deliveries();
  try {
    const shipments = Array.from({ length: DISTINCT }, (_, i) => `SHP-D${i}`);
    await d.seed('CUST-D', 'ORD-D', shipments);
    await d.visible('CUST-D', shipments[shipments.length - 1]);
    await pause(2000);
    const idle = await d.rss();
    const clients = await subscribeMany(lading.gatewayUrl, 'CUST-D', DISTINCT, (i) => shipments[i], deliveries);
    await settle(clients, DISTINCT);
    const subscribed = await d.rss();
    for (let e = 0; e < EVENTS; e++) {
      const shipment = shipments[Math.floor((e * DISTINCT) / EVENTS)];
      deliveries.sent(`dis-${e}`);
      await d.post([d.milestone(`dis-${e}`, shipment, e)]);
      await deliveries.until(e + 1, 5000);
    }
    report(`${DISTINCT} subscribers on ${DISTINCT} shipments (${EVENTS} events)`, deliveries, EVENTS, {
      idle,
      subscribed,
      after: await d.rss(),
    });
    console.log(`  per distinct subscription: ~${((subscribed - idle) / DISTINCT / 1024).toFixed(1)} KiB (gateway and subgraphs)`);
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
  } finally {
    await lading.stop();
  }
}

/**
 * One event to each of BURST shipments at once (500 per post, eight posts in flight), one subscriber
 * per shipment: every update must arrive with its data, however many arrive in one tick. With a
 * redis-server on the PATH, in the production topology (a process per service on one Redis, so the
 * RSS is the gateway's; BENCH_TOPOLOGY=one: one process for all); else in memory, one process.
 */
async function burst(): Promise<void> {
  const redis = await privateRedis().catch(() => null);
  const env = redis ? { ...LENIENT, REDIS_URL: redis.url, LADING_REDIS_PREFIX: `bench-${Date.now()}` } : LENIENT;
  const separate = redis !== null && process.env.BENCH_TOPOLOGY !== 'one';
  const lading = separate ? await startLadingServices(env, NODE_ARGS) : await start(env);
  console.log(
    `burst: ${separate ? 'Redis, a process per service (RSS: the gateway)' : `${redis ? 'Redis' : 'memory'}, one process (RSS: all services)`}`,
  );
  const d = driver(lading);
  const deliveries = new Deliveries();
  try {
    const shipments = Array.from({ length: BURST }, (_, i) => `SHP-U${i}`);
    await d.seed('CUST-U', 'ORD-U', shipments).catch(async (error: Error) => {
      // Seeding is deterministic (events deduplicated by id): one failed post is retried once, whole.
      console.log(`  seeding: ${error.message}; once more`);
      await d.seed('CUST-U', 'ORD-U', shipments);
    });
    // Seeding is two events per 50 shipments, applied by every subgraph: allow for a slow Redis-mode consumer.
    await d.visible('CUST-U', shipments[shipments.length - 1], 30_000 + BURST * 20);
    const clients = await subscribeMany(lading.gatewayUrl, 'CUST-U', BURST, (i) => shipments[i], deliveries);
    await settle(clients, BURST);
    // A subscriber the gateway has not attached yet cannot receive a live update: wait until it counts all of them.
    const attaching = Date.now();
    while ((await d.metric('lading_active_subscriptions')) < BURST && Date.now() - attaching < 120_000) await pause(500);
    console.log(`  active subscriptions before posting: ${await d.metric('lading_active_subscriptions')}`);
    const subscribed = await d.rss();
    const events = shipments.map((s, i) => d.milestone(`burst-${i}`, s, 1));
    let peak = subscribed;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        // A scrape that fails under load is skipped, not fatal: the next one counts.
        peak = Math.max(peak, await rssOf(lading.child.pid, d.rss).catch(() => 0));
        await pause(250);
      }
    })();
    // BENCH_DEBUG: what the gateway's memory is at its largest scrape (heap, off-heap), every 2 s.
    let heaviest: Record<string, number> = {};
    const anatomy = (async () => {
      const names = [
        'process_resident_memory_bytes',
        'nodejs_heap_size_total_bytes',
        'nodejs_heap_size_used_bytes',
        'nodejs_external_memory_bytes',
      ];
      while (sampling && process.env.BENCH_DEBUG) {
        const text = await (await fetchAgain(lading.gatewayUrl.replace('/graphql', '/metrics'))).text().catch(() => '');
        const sample = Object.fromEntries(names.map((n) => [n, metricValue(text, n)]));
        if (!(sample[names[0]] <= (heaviest[names[0]] ?? 0))) heaviest = sample;
        await pause(2000);
      }
    })();
    for (const e of events) deliveries.sent(e.id);
    // A post the event door could not store (503) is sent again, as a client would: events are deduplicated by id.
    const postAgain = async (batch: unknown[], attempt = 0): Promise<void> =>
      d.post(batch).catch(async (error: Error) => {
        if (attempt >= 5 || !/answered 503/.test(error.message)) throw error;
        await pause(2000);
        return postAgain(batch, attempt + 1);
      });
    console.log(`  ${BURST} shipments seeded, ${BURST} subscribers attached; posting`);
    const posting = performance.now();
    // Eight posts in flight at a time: 40 at once made the Redis-mode event door answer 503 on a loaded machine.
    const batches = Array.from({ length: Math.ceil(BURST / 500) }, (_, k) => events.slice(k * 500, (k + 1) * 500));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let batch = batches.shift(); batch; batch = batches.shift()) await postAgain(batch);
      }),
    );
    const posted = performance.now();
    console.log(`  posted in ${((posted - posting) / 1000).toFixed(1)} s; waiting for deliveries (180 s at most)`);
    await deliveries.until(BURST, 180_000);
    sampling = false;
    await sampler;
    await anatomy;
    if (process.env.BENCH_DEBUG)
      console.log(
        `  at the largest scrape: ${Object.entries(heaviest)
          .map(([k, v]) => `${k.replace(/_bytes$/, '')} ${mib(v)}`)
          .join(', ')}`,
      );
    report(`one event to each of ${BURST} shipments at once, one subscriber each (delivered: with data)`, deliveries, BURST, {
      subscribed,
      peak,
    });
    const missing = events.map((e, i) => ({ id: e.id, i })).filter(({ id }) => !deliveries.perEvent.has(id));
    if (missing.length) {
      // Not delivered: was the event applied at all (its milestone in the shipment's timeline)?
      const sample = await Promise.all(
        missing.slice(0, 5).map(async ({ id, i }) => {
          const shipment = await d.shipment('CUST-U', shipments[i]).catch(() => undefined);
          return `${shipments[i]} ${shipment ? `${shipment.status}, ${shipment.timeline.some((m) => m.eventId === id) ? '' : 'not '}applied` : 'unreadable'}`;
        }),
      );
      console.log(`  missing:     ${missing.length}, indices ${missing[0].i}…${missing[missing.length - 1].i}; ${sample.join('; ')}`);
    }
    if (deliveries.errorKinds.size)
      console.log(`  errors:      ${[...deliveries.errorKinds].map(([kind, count]) => `${count} ${kind}`).join('; ')}`);
    const { first, last, toCommit, fromCommit } = deliveries;
    if (first !== undefined && last !== undefined)
      console.log(
        `  deliveries:  first ${((first - posting) / 1000).toFixed(1)} s, last ${((last - posting) / 1000).toFixed(1)} s after posting began`,
      );
    if (toCommit.length)
      console.log(
        `  stages:      post → commit p50 ${(quantile(toCommit, 0.5) / 1000).toFixed(1)} s, p99 ${(quantile(toCommit, 0.99) / 1000).toFixed(1)} s; ` +
          `commit → client p50 ${(quantile(fromCommit, 0.5) / 1000).toFixed(1)} s, p99 ${(quantile(fromCommit, 0.99) / 1000).toFixed(1)} s`,
      );
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
  } finally {
    await lading.stop();
    await redis?.stop();
  }
}

/**
 * Two Lading instances on one Redis: 100 subscribers on each gateway spread over REDIS_SHIPMENTS
 * shipments of one customer, events posted to one instance at REDIS_RATE/s, round-robin over the
 * shipments. With few shipments each gets tens of events a second, which two instances applying one
 * aggregate's events then contend for (see README, "Benchmarks").
 */
async function redis(): Promise<void> {
  let server;
  try {
    server = await privateRedis();
  } catch (error) {
    console.log(`Redis mode: skipped (${(error as Error).message})`);
    return;
  }
  const env = {
    ...LENIENT,
    REDIS_URL: server.url,
    LADING_REDIS_PREFIX: `bench-${Date.now()}`,
    LADING_SUBGRAPH_SECRET: 'bench-subgraph-secret-0123456789abcdef',
  };
  const one = await start(env);
  const two = await start(env);
  const deliveries = new Deliveries();
  const clients: Client[] = [];
  const shipments = Array.from({ length: REDIS_SHIPMENTS }, (_, i) => `SHP-R${i}`);
  const perShipment = (i: number) => Math.floor(200 / REDIS_SHIPMENTS) + (i % REDIS_SHIPMENTS < 200 % REDIS_SHIPMENTS ? 1 : 0);
  try {
    const d = driver(one);
    await d.seed('CUST-R', 'ORD-R', shipments);
    await d.visible('CUST-R', shipments[shipments.length - 1]);
    for (const [g, lading] of [one, two].entries())
      clients.push(
        ...(await subscribeMany(lading.gatewayUrl, 'CUST-R', 100, (i) => shipments[(g * 100 + i) % REDIS_SHIPMENTS], deliveries)),
      );
    await settle(clients, 200);
    // Warm-up rounds until every subscriber has received one: all of them are attached upstream.
    for (let k = 0; k < 20; k++) {
      await d.post(shipments.map((s, i) => d.milestone(`warm-${k}-${i}`, s, 0)));
      const deadline = Date.now() + 3000;
      while (shipments.some((_, i) => (deliveries.perEvent.get(`warm-${k}-${i}`) ?? 0) < perShipment(i)) && Date.now() < deadline)
        await pause(50);
      if (shipments.every((_, i) => (deliveries.perEvent.get(`warm-${k}-${i}`) ?? 0) >= perShipment(i))) break;
    }
    deliveries.latencies.length = 0;
    const total = REDIS_RATE * REDIS_SECONDS;
    let expected = 0;
    for (let e = 0; e < total; e++) {
      const started = performance.now();
      deliveries.sent(`red-${e}`);
      expected += perShipment(e % REDIS_SHIPMENTS);
      void d.post([d.milestone(`red-${e}`, shipments[e % REDIS_SHIPMENTS], e)]);
      await pause(Math.max(0, 1000 / REDIS_RATE - (performance.now() - started)));
    }
    await deliveries.until(expected, 15_000);
    if (process.env.BENCH_DEBUG) {
      const port = new URL(server.url).port;
      console.log(
        execFileSync('redis-cli', ['-p', port, 'INFO', 'commandstats'])
          .toString()
          .split('\n')
          .filter((l) => /calls=\d{3,}/.test(l))
          .join('\n'),
      );
      for (const lading of [one, two]) {
        for (const port of lading.ports.slice(1)) {
          const text = await (await fetchAgain(`http://127.0.0.1:${port}/metrics`)).text();
          console.log(
            text
              .split('\n')
              .filter((l) => /^lading_event_lag_seconds_(sum|count|bucket)/.test(l))
              .join('\n'),
          );
        }
      }
    }
    report(
      `Redis mode, two instances, 200 subscribers (100 per gateway) on ${REDIS_SHIPMENTS} shipments, ${REDIS_RATE} events/s for ${REDIS_SECONDS} s`,
      deliveries,
      expected,
      { 'instance 1': await d.rss(), 'instance 2': await driver(two).rss() },
    );
  } finally {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await one.stop();
    await two.stop();
    await server.stop();
  }
}

/** Another tenant's query p95, quiet and while one customer replays a long log on 40 subscriptions. */
async function replay(): Promise<void> {
  const lading = await start({ LADING_JWT_SECRET: SECRET });
  const d = driver(lading);
  try {
    await d.seed('CUST-A', 'ORD-A', ['SHP-A']);
    await d.seed('CUST-B', 'ORD-B', ['SHP-B']);
    // A cursor at the start of A's history, then a long history after it.
    const first = new Deliveries();
    const probe = await subscribeMany(lading.gatewayUrl, 'CUST-A', 1, () => 'SHP-A', first);
    await settle(probe, 1);
    let cursor: string | undefined;
    const token = await mintToken({ sub: 'portal-a', role: Role.Customer, customerId: 'CUST-A' }, { secret: SECRET });
    const client = createClient({
      url: lading.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
    });
    client.subscribe(
      { query: UPDATE, variables: { id: 'SHP-A' } },
      { next: (r) => void (cursor ??= (r.data as any)?.shipmentUpdated?.cursor), error: () => undefined, complete: () => undefined },
    );
    await settle([client], 1);
    await d.post([d.milestone('rep-start', 'SHP-A', 0)]);
    while (!cursor) await pause(20);
    for (let i = 0; i < REPLAY_LOG; i += 500)
      await d.post(
        Array.from({ length: Math.min(500, REPLAY_LOG - i) }, (_, k) => d.milestone(`rep-${i + k}`, 'SHP-A', 1 + ((i + k) % 5000))),
      );
    await pause(1000);

    const other = await mintToken({ sub: 'portal-b', role: Role.Customer, customerId: 'CUST-B' }, { secret: SECRET });
    const query = async () => {
      const started = performance.now();
      await (
        await fetchAgain(lading.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${other}` },
          body: JSON.stringify({ query: '{ shipments(first: 5) { edges { node { id status order { number } } } } }' }),
        })
      ).text();
      return performance.now() - started;
    };
    const sample = async (count: number) => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        times.push(await query());
        await pause(50);
      }
      return times;
    };
    await sample(20); // warm-up: JIT and connection pools, so that "quiet" is not the cold start
    const quiet = await sample(60);
    const flood = new Deliveries();
    let replayed = 0;
    for (let i = 0; i < 40; i++)
      client.subscribe(
        { query: UPDATE, variables: { id: 'SHP-A', after: cursor } },
        { next: () => void replayed++, error: () => flood.errors++, complete: () => undefined },
      );
    const busy = await sample(60);
    const p95 = (v: number[]) => quantile(v, 0.95);
    console.log(`replay flood: one customer, 40 subscriptions replaying ${REPLAY_LOG} updates each, vs another tenant's queries`);
    console.log(
      `  other tenant p95: quiet ${p95(quiet).toFixed(1)} ms, during the flood ${p95(busy).toFixed(1)} ms (×${(p95(busy) / p95(quiet)).toFixed(2)})`,
    );
    console.log(
      `  replayed meanwhile: ${replayed} of ${40 * REPLAY_LOG} (throttled by the customer's own budget)${flood.errors ? `, ${flood.errors} errors` : ''}; RSS ${mib(await d.rss())}`,
    );
    await client.dispose();
    await Promise.all(probe.map((c) => Promise.resolve(c.dispose())));
  } finally {
    await lading.stop();
  }
}

export async function subscriptionBench(): Promise<void> {
  const all: Record<string, () => Promise<void>> = { fanout, distinct, redis, replay, burst };
  for (const name of SCENARIOS) {
    const scenario = all[name.trim()];
    if (!scenario) throw new Error(`unknown scenario ${name}: one of ${Object.keys(all).join(', ')}`);
    await scenario();
  }
}
