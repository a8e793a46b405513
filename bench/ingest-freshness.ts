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
  posters: number;
}

interface BulkPosted {
  accepted: number;
  /** Posts answered 202, posts answered 429, and batches still refused when posting ended (not posted, not lost). */
  posts: number;
  throttled: number;
  givenUp: number;
}

const f = (n: number) => Math.round(n).toLocaleString('en-US');
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/**
 * Bulk scans at `rate` events/s until `ends`, from several clients sharing one schedule of batches;
 * a 429 is honoured (the batch is posted again after its Retry-After) and a schedule fallen behind
 * is not made up in a burst.
 */
async function postBulk(options: FreshnessOptions, rate: number, ends: number, lag: LagSampler): Promise<BulkPosted> {
  const { client, bulk, batch, posters } = options;
  const posted: BulkPosted = { accepted: 0, posts: 0, throttled: 0, givenUp: 0 };
  const interval = (batch * 1000) / rate;
  let nextAt = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: posters }, async () => {
      for (;;) {
        const at = Math.max(nextAt, Date.now());
        if (at >= ends) return;
        nextAt = at + interval;
        await sleepUntil(at);
        const events = Array.from({ length: batch }, () => client.scan(bulk[next++ % bulk.length]));
        const accepted = await client.post(events, () => {
          posted.throttled++;
          if (Date.now() < ends) return true;
          posted.givenUp++;
          return false;
        });
        if (accepted === 0) continue;
        posted.posts++;
        posted.accepted += accepted;
        lag.accept(accepted);
      }
    }),
  );
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
  const { mode, client, meters, quiet, capacity, overload, seconds, batch, posters } = options;
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

  const offered = posted.accepted / (postedMs / 1000);
  const benchLag = Math.max(...lag.samples.map((sample) => sample.bench));
  const attempts = posted.posts + posted.throttled;
  console.log(
    `freshness (${mode}): bulk scans at ${overload}× the applied capacity of ${f(capacity)} events/s in batches of ${batch} from ${posters} clients over ${f(options.bulk.length)} shipments for ${(postedMs / 1000).toFixed(1)} s, a quiet shipment's ETA update every second`,
  );
  console.log(`  real-time:  ${latencyLine(latencies, 'events')}, post → visible (goal p99 ≤ 1 s); ${watch.throttled} posts answered 429`);
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
