import { EtaWatch } from './eta-watch';
import type { IngestClient } from './ingest-client';
import type { IngestMeters } from './ingest-meters';
import { latencyLine } from './stats';
import type { LagSample } from './sync-lag';
import { LagSampler } from './sync-lag';

export interface FreshnessOptions {
  mode: string;
  client: IngestClient;
  meters: IngestMeters;
  /** Shipments the bulk scans go to. */
  bulk: string[];
  /** Shipments that get nothing but the real-time events, one each: at least one per second of posting. */
  quiet: string[];
  /** Events per second the services apply (measured), and how many times that the bulk scans come at. */
  capacity: number;
  overload: number;
  seconds: number;
  batch: number;
}

interface BulkPosted {
  accepted: number;
  /** Posts answered 202, posts answered 429, and batches still refused when posting ended (not posted, not lost). */
  posts: number;
  throttled: number;
  givenUp: number;
}

/** Bulk posts under way at once at most: enough to hold 3× the capacity when a post takes seconds on a busy machine. */
const MAX_IN_FLIGHT = 16;
const f = (n: number) => Math.round(n).toLocaleString('en-US');
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/**
 * Bulk scans at `rate` events/s until `ends`, a batch every so often whether the posts before it
 * have come back or not (at most MAX_IN_FLIGHT at once), so a slow POST /events does not lower the
 * rate aimed at. A 429 pauses the whole feed until its Retry-After, as a well-behaved integration
 * does, and the batch is posted again then; a schedule fallen behind is not made up in a burst.
 */
async function postBulk(options: FreshnessOptions, rate: number, ends: number, lag: LagSampler): Promise<BulkPosted> {
  const { client, bulk, batch } = options;
  const posted: BulkPosted = { accepted: 0, posts: 0, throttled: 0, givenUp: 0 };
  const interval = (batch * 1000) / rate;
  const inFlight = new Set<Promise<void>>();
  let pausedUntil = 0;
  let next = 0;
  const send = async (events: unknown[]) => {
    const accepted = await client.post(events, (retryAfter) => {
      posted.throttled++;
      pausedUntil = Math.max(pausedUntil, Date.now() + retryAfter * 1000);
      if (Date.now() < ends) return true;
      posted.givenUp++;
      return false;
    });
    if (accepted === 0) return;
    posted.posts++;
    posted.accepted += accepted;
    lag.accept(accepted);
  };
  for (let at = Date.now(); ; at += interval) {
    at = Math.max(at, pausedUntil, Date.now());
    if (at >= ends) break;
    await sleepUntil(at);
    if (Date.now() < pausedUntil) continue;
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const events = Array.from({ length: batch }, () => client.scan(bulk[next++ % bulk.length]));
    const sending = send(events).finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  }
  await Promise.all(inFlight);
  return posted;
}

/** "bulk max 31.0 s (28.2 s when posting ended), realtime …" for one gauge, or n/a where the gateway has none. */
function gaugeLine(samples: LagSample[], atEnd: LagSample, gauge: 'lag' | 'backlog', unit: (n: number) => string): string {
  const classes = [...new Set(samples.flatMap((sample) => [...sample[gauge].keys()]))];
  if (classes.length === 0) return 'n/a';
  return classes
    .map((name) => {
      const max = Math.max(...samples.map((sample) => sample[gauge].get(name) ?? 0));
      return `${name} max ${unit(max)} (${unit(atEnd[gauge].get(name) ?? NaN)} when posting ended)`;
    })
    .join(', ');
}

/**
 * Bulk scans at `overload` times the applied capacity for `seconds`, while every second a real-time
 * event (an ETA update) of a quiet shipment is posted and timed until the gateway shows it. Prints
 * the real-time post-to-visible p50/p99 (goal p99 ≤ 1 s), the bulk lag, the 429 share of bulk
 * posts, applied/s and the cost per event; returns how many events were accepted.
 */
export async function freshnessPart(options: FreshnessOptions): Promise<number> {
  const { mode, client, meters, quiet, capacity, overload, seconds, batch } = options;
  const rate = capacity * overload;
  const before = await meters.read();
  if (quiet.length < Math.ceil(seconds)) throw new Error(`${quiet.length} quiet shipments for ${seconds} s of real-time events`);
  const lag = new LagSampler(client, Math.min(...Object.values(await client.applied())));
  const watch = new EtaWatch(client);
  const started = Date.now();
  const ends = started + seconds * 1000;
  lag.start();
  const bulk = postBulk(options, rate, ends, lag);
  // Awaited below; until then a failure must not end the process as an unhandled rejection.
  bulk.catch(() => undefined);
  const probes: Promise<number>[] = [];
  for (let i = 0; started + i * 1000 < ends; i++) {
    await sleepUntil(started + i * 1000);
    const probe = watch.probe(quiet[i], () => lag.accept(1));
    probe.catch(() => undefined);
    probes.push(probe);
  }
  const posted = await bulk;
  const postedMs = Date.now() - started;
  const atEnd = await lag.sample();
  const latencies = await Promise.all(probes);
  const accepted = posted.accepted + probes.length;
  const appliedAt = await client.allApplied(lag.appliedBefore + accepted);
  await lag.stop();
  const after = await meters.read();

  // Over the schedule, not until the last post came back: the rate the integration sent at.
  const offered = posted.accepted / seconds;
  const benchLag = Math.max(...lag.samples.map((sample) => sample.bench));
  const attempts = posted.posts + posted.throttled;
  console.log(
    `freshness (${mode}): bulk scans at ${overload}× the applied capacity of ${f(capacity)} events/s in batches of ${batch} (up to ${MAX_IN_FLIGHT} posts at once) over ${f(options.bulk.length)} shipments for ${seconds} s (the last post back after ${(postedMs / 1000).toFixed(1)} s), a quiet shipment's ETA update every second`,
  );
  console.log(`  real-time:  ${latencyLine(latencies, 'events')}, post → visible (goal p99 ≤ 1 s); ${watch.throttled} posts answered 429`);
  console.log(`              of which the POST until answered: ${latencyLine(watch.answered, 'posts')}`);
  console.log(
    `  bulk:       ${f(posted.accepted)} scans accepted, ${f(offered)} events/s of ${f(rate)} aimed at; ${f(posted.throttled)} of ${f(attempts)} posts answered 429 (${((posted.throttled / Math.max(1, attempts)) * 100).toFixed(1)}%)${posted.givenUp ? `, ${posted.givenUp} batches still refused when posting ended` : ''}`,
  );
  console.log(
    `  bulk lag:   oldest unapplied event max ${benchLag.toFixed(1)} s, ${atEnd.bench.toFixed(1)} s when posting ended; every subgraph done ${((appliedAt - started - postedMs) / 1000).toFixed(1)} s after posting ended`,
  );
  console.log(`  gateway:    lading_sync_lag_seconds ${gaugeLine(lag.samples, atEnd, 'lag', (s) => `${s.toFixed(1)} s`)}`);
  console.log(`              lading_sync_backlog ${gaugeLine(lag.samples, atEnd, 'backlog', f)}`);
  console.log(
    `  applied:    ${f(accepted / ((appliedAt - started) / 1000))} events/s (from the start of posting until every subgraph was done)`,
  );
  for (const line of meters.cost(before, after, accepted).lines) console.log(`  ${line}`);
  return accepted;
}
