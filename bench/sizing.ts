import { Redis } from 'ioredis';
import { generateDemoPlan } from '../demo/generate';
import { EventType } from '../lib/events/types';
import { DEFAULTS } from '../lib/settings';
import { startLadingProcess } from '../stack/lading-process';
import { startBenchRedis } from './redis-process';
import { mib } from './stats';

/**
 * `npm run bench -- sizing`: Redis memory per shipment and per event with the demo data. Starts a
 * private redis-server and `npm start`'s entry on it (REDIS_URL, the partitioned layout with
 * LADING_LOG_PARTITIONS' default), which loads the demo data before it answers ready; then reads
 * INFO memory (used_memory against the empty server) and MEMORY USAGE of every key, grouped by kind
 * (the partition's hash tag and a dedup generation's number left out), with the JSON bytes of the
 * documents of each collection. The sizing table of docs/operations.md comes from it.
 */
const PREFIX = 'sizing';
const SECRET = 'bench-secret';

const f = (n: number) => Math.round(n).toLocaleString('en-US');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

/** A key's kind: the key without its prefix, with the partition tag and the variable parts replaced. */
function kindOf(key: string): string {
  return (
    key
      .slice(PREFIX.length + 1)
      .replace(/^\{[^}]*\}:/, '')
      .replace(/:dedup:\d+$/, ':dedup:<generation>')
      .replace(/:doc:applied@\d+$/, ':doc:applied@<generation>')
      // An index per customer, status, order or shipment (a timeline): one kind each.
      .replace(/:(customer|status|order|timeline):[^:]+/g, ':$1:<id>')
      .replace(/^(alive|lease|members|ratelimit):.*$/, '$1:…')
  );
}

/**
 * What a kind of key holds, for the summary: `log` for what the retention window bounds (the log,
 * deduplication entries, applied markers, change streams), `state` for what is kept (documents and
 * their indexes), `other` for coordination keys (leases, heartbeats, the recorded layout).
 */
function classOf(kind: string): 'log' | 'state' | 'other' {
  if (/^events:|:changes:|^changes:|applied|:dedup:/.test(kind)) return 'log';
  if (/:doc:|:idx:/.test(kind)) return 'state';
  return 'other';
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
}

export async function sizingBench(): Promise<void> {
  const plan = generateDemoPlan();
  const shipments = plan.shipments.length;
  const events = plan.events.length;
  const orders = new Set(plan.events.filter((e) => e.type === EventType.OrderCreated).map((e) => e.subject)).size;
  const server = await startBenchRedis();
  const redis = new Redis(server.url);
  try {
    const empty = await usedMemory(redis);
    const lading = await startLadingProcess({
      REDIS_URL: server.url,
      LADING_REDIS_PREFIX: PREFIX,
      LADING_DEMO_DATA: 'true',
      LADING_JWT_SECRET: SECRET,
    });
    try {
      const loaded = await usedMemory(redis);
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      const kinds = new Map<string, { keys: number; bytes: number; entries: number; json: number }>();
      for (const key of keys) {
        const kind = kindOf(key);
        const row = kinds.get(kind) ?? { keys: 0, bytes: 0, entries: 0, json: 0 };
        row.keys++;
        row.bytes += Number(await redis.memory('USAGE', key, 'SAMPLES', '0'));
        const type = await redis.type(key);
        if (type === 'hash') {
          const values = await redis.hvals(key);
          row.entries += values.length;
          row.json += values.reduce((sum, v) => sum + Buffer.byteLength(v), 0);
        } else if (type === 'zset') row.entries += await redis.zcard(key);
        else if (type === 'stream') row.entries += await redis.xlen(key);
        kinds.set(kind, row);
      }
      const rows = [...kinds].sort((a, b) => b[1].bytes - a[1].bytes);
      const total = rows.reduce((sum, [, row]) => sum + row.bytes, 0);
      const byClass = (c: string) => rows.filter(([kind]) => classOf(kind) === c).reduce((sum, [, row]) => sum + row.bytes, 0);
      console.log(
        `sizing (demo data on one redis-server, ${DEFAULTS.LADING_LOG_PARTITIONS} partitions): ${f(orders)} orders, ${f(shipments)} shipments, ${f(events)} events`,
      );
      console.log(
        `  used_memory: ${mib(loaded)} after the load, ${mib(loaded - empty)} more than the empty server: ${kb((loaded - empty) / shipments)} per shipment, ${kb((loaded - empty) / events)} per event`,
      );
      console.log(
        `  keys (MEMORY USAGE, ${f(keys.length)} keys): ${mib(total)}; state (documents, indexes) ${kb(byClass('state') / shipments)} per shipment; ` +
          `log, dedup, markers and change streams ${kb(byClass('log') / events)} per event; other ${kb(byClass('other'))} in all`,
      );
      console.log('  kind | keys | entries | bytes | per shipment | JSON bytes per entry');
      for (const [kind, row] of rows)
        console.log(
          `  ${kind} | ${f(row.keys)} | ${f(row.entries)} | ${f(row.bytes)} | ${kb(row.bytes / shipments)} | ${row.json ? f(row.json / row.entries) : '-'}`,
        );
    } finally {
      await lading.stop();
    }
  } finally {
    redis.disconnect();
    await server.stop();
  }
}
