import { Redis } from 'ioredis';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { CanonicalEvent, LoggedEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';
import { silentLogger } from '../lib/logger';
import { createRedisRuntime } from '../lib/runtime/redis-runtime';
import type { SubgraphDefinition } from '../lib/server/subgraph-service';
import { subgraphApplier } from '../lib/server/subgraph-service';
import { financeSubgraph } from '../subgraphs/finance/server';
import { ordersSubgraph } from '../subgraphs/orders/server';
import { transportSubgraph } from '../subgraphs/transport/server';
import { warehouseSubgraph } from '../subgraphs/warehouse/server';
import { startBenchRedis } from './redis-process';

/**
 * `npm run bench -- apply`: what applying an event costs each subgraph, without the log, the HTTP
 * door or the other services around it. In one process on a private redis-server, each subgraph's
 * EventApplier (as its consumer builds it) applies the same stream of in-transit scans over many
 * shipments, BENCH_APPLY_PARALLEL at once (as a consumer holding every partition does) and
 * BENCH_APPLY_RUN of one shipment's scans together (a run, as consumption hands them over).
 * Prints per subgraph the CPU of this process and the Redis commands (`INFO commandstats`) per
 * scan applied: the apply path alone (state reads, commit, applied markers, change records).
 * Settings: BENCH_APPLY_EVENTS (20,000), BENCH_SHIPMENTS (10,000), BENCH_APPLY_PARALLEL (512),
 * BENCH_APPLY_RUN (1), BENCH_APPLY_SUBGRAPHS (orders,warehouse,transport,finance), BENCH_APPLY_PROFILE (a
 * directory: a CPU profile of the measured applies alone, `<subgraph>.cpuprofile`, setup left out).
 */
const EVENTS = Number(process.env.BENCH_APPLY_EVENTS ?? 20_000);
const SHIPMENTS = Number(process.env.BENCH_SHIPMENTS ?? 10_000);
const PARALLEL = Number(process.env.BENCH_APPLY_PARALLEL ?? 512);
const RUN = Number(process.env.BENCH_APPLY_RUN ?? 1);
const PROFILE = process.env.BENCH_APPLY_PROFILE;
const SUBGRAPHS: Record<string, SubgraphDefinition<never>> = {
  orders: ordersSubgraph as SubgraphDefinition<never>,
  warehouse: warehouseSubgraph as SubgraphDefinition<never>,
  transport: transportSubgraph as SubgraphDefinition<never>,
  finance: financeSubgraph as SubgraphDefinition<never>,
};
const NAMES = (process.env.BENCH_APPLY_SUBGRAPHS ?? Object.keys(SUBGRAPHS).join(',')).split(',').map((n) => n.trim());
const PER_ORDER = 100;
const BASE_TIME = Date.now() - 10 * 60_000;

/** Canonical events with log positions in order, as the log would hand them over. */
class Feed {
  private seq = 0;

  event(type: EventType, subject: string, tick: number, data: Record<string, unknown>): LoggedEvent {
    const n = ++this.seq;
    const event: CanonicalEvent = {
      specversion: '1.0',
      id: `apply-${n}`,
      source: type.startsWith('erp.') ? 'urn:erp:bench' : 'urn:tms:bench',
      type,
      time: new Date(BASE_TIME + tick).toISOString(),
      subject,
      data,
    };
    return { position: `${String(Date.now())}-${n}`, recordedAt: new Date().toISOString(), event };
  }

  orders(shipments: string[]): LoggedEvent[] {
    const entries: LoggedEvent[] = [];
    for (let o = 0; o * PER_ORDER < shipments.length; o++) {
      const order = `ORD-${o}`;
      entries.push(
        this.event(EventType.OrderCreated, order, 0, {
          number: `SO-${o}`,
          customer: { id: 'CUST-BENCH', name: 'Bench' },
          lines: [{ sku: 'A', quantity: 1 }],
        }),
        this.event(EventType.OrderReleased, order, 1, {
          shipments: shipments.slice(o * PER_ORDER, (o + 1) * PER_ORDER).map((id) => ({ id, number: `SH-${id}`, warehouseId: 'W1' })),
        }),
      );
    }
    return entries;
  }

  scan(shipment: string): LoggedEvent {
    return this.event(EventType.InTransit, shipment, 10 + this.seq, { location: `Hub ${this.seq % 97}` });
  }
}

/** Calls per command from INFO commandstats (`cmdstat_hget:calls=12,…`), and the bytes Redis received so far (`bytes`). */
async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const match of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1], Number(match[2]));
  calls.set('bytes', Number(/total_net_input_bytes:(\d+)/.exec(await redis.info('stats'))![1]));
  return calls;
}

/** The inspector's CPU profiler, started now; `stop` returns the profile. */
async function startProfile(): Promise<{ stop(): Promise<unknown> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

async function benchSubgraph(name: string): Promise<void> {
  const definition = SUBGRAPHS[name];
  if (!definition) throw new Error(`unknown subgraph ${name}; choose from ${Object.keys(SUBGRAPHS).join(', ')}`);
  const server = await startBenchRedis();
  const stats = new Redis(server.url);
  const runtime = await createRedisRuntime({ target: { url: server.url }, prefix: 'bench', logger: silentLogger });
  try {
    const documents = runtime.documents(definition.name);
    const handlers = definition.handlers!(documents, runtime);
    const applier = subgraphApplier(definition, handlers, documents, runtime, silentLogger);
    const feed = new Feed();
    const shipments = Array.from({ length: SHIPMENTS }, (_, i) => `SHP-${i}`);
    for (const entry of feed.orders(shipments)) await applier.apply(entry);

    // Runs of RUN scans of one shipment each, PARALLEL runs at a time, each shipment once per wave.
    const runs: LoggedEvent[][] = [];
    for (let i = 0; runs.length * RUN < EVENTS; i++) {
      const shipment = shipments[i % shipments.length];
      runs.push(Array.from({ length: RUN }, () => feed.scan(shipment)));
    }
    const profiler = PROFILE ? await startProfile() : null;
    const cpuBefore = process.cpuUsage();
    const commandsBefore = await commandStats(stats);
    const started = performance.now();
    for (let at = 0; at < runs.length; at += PARALLEL) {
      await Promise.all(runs.slice(at, at + PARALLEL).map((run) => (run.length === 1 ? applier.apply(run[0]) : applier.applyMany(run))));
    }
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpuBefore);
    const cpu = (used.user + used.system) / 1000;
    const commandsAfter = await commandStats(stats);
    if (profiler) writeFileSync(`${PROFILE}/${name}.cpuprofile`, JSON.stringify(await profiler.stop()));
    const events = runs.length * RUN;
    const commands = [...commandsAfter]
      .map(([command, calls]) => [command, calls - (commandsBefore.get(command) ?? 0)] as const)
      .filter(([command, n]) => n > 0 && command !== 'info' && command !== 'bytes')
      .sort((a, b) => b[1] - a[1]);
    const sent = commands.reduce((sum, [, n]) => sum + n, 0);
    const bytes = commandsAfter.get('bytes')! - commandsBefore.get('bytes')!;
    console.log(
      `apply (${name}): ${events.toLocaleString('en-US')} scans over ${SHIPMENTS.toLocaleString('en-US')} shipments, runs of ${RUN}, ${PARALLEL} at a time: ` +
        `${((cpu * 1000) / events).toFixed(0)} µs CPU per scan, ${Math.round(events / (elapsed / 1000)).toLocaleString('en-US')} scans/s`,
    );
    console.log(
      `  commands:   ${(sent / events).toFixed(2)} Redis commands per scan: ${commands
        .slice(0, 10)
        .map(([command, n]) => `${command} ${(n / events).toFixed(2)}`)
        .join(', ')}; ${Math.round(bytes / events).toLocaleString('en-US')} bytes sent to Redis per scan`,
    );
  } finally {
    await runtime.dispose();
    stats.disconnect();
    await server.stop();
  }
}

export async function applyBench(): Promise<void> {
  for (const name of NAMES) await benchSubgraph(name);
}
