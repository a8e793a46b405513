import type { Redis } from 'ioredis';
import { processCpuMs } from './support/process-cpu';

/** CPU used so far by each named process group, and Redis calls so far per command on each master. */
export interface MeterReading {
  at: number;
  cpu: number[];
  commands: Map<string, number>[];
}

/** What a stretch of an ingest run cost, per event. */
export interface IngestCost {
  /** Redis commands per event (null without Redis). */
  commandsPerEvent: number | null;
  /** The `cpu:`, `commands:` and (on a cluster) `shards:` lines. */
  lines: string[];
}

const perEvent = (n: number, events: number) => n / Math.max(1, events);

/**
 * Reads the CPU of Lading's and Redis's processes (from /proc) and Redis's INFO commandstats, so
 * that each part of the ingest bench reports its cost per event the same way.
 */
export class IngestMeters {
  /** Process groups in report order (a cluster's nodes are summed by role). */
  readonly names: string[];

  constructor(
    private readonly processes: { name: string; pid: number }[],
    private readonly masters: { name: string; redis: Redis }[],
  ) {
    this.names = [...new Set(processes.map(({ name }) => name))];
  }

  async read(): Promise<MeterReading> {
    const cpu = this.names.map(() => 0);
    for (const { name, pid } of this.processes) cpu[this.names.indexOf(name)] += processCpuMs(pid);
    const commands = await Promise.all(this.masters.map(async ({ redis }) => parseCommandStats(await redis.info('commandstats'))));
    return { at: Date.now(), cpu, commands };
  }

  /** The cost of `events` events handled between two readings. */
  cost(before: MeterReading, after: MeterReading, events: number): IngestCost {
    const used = after.cpu.map((ms, i) => ms - before.cpu[i]);
    const total = used.reduce((a, b) => a + b, 0);
    const micros = (ms: number) => `${perEvent(ms * 1000, events).toFixed(0)} µs`;
    const lines = [
      `cpu:        ${this.names.map((name, i) => `${name} ${micros(used[i])}`).join(', ')} per event (total ${micros(total)}; ${((total / (after.at - before.at)) * 100).toFixed(0)}% of one core)`,
    ];
    if (this.masters.length === 0) return { commandsPerEvent: null, lines };
    // Calls per command and per master between the readings.
    const perMaster = after.commands.map(
      (calls, i) => new Map([...calls].map(([name, n]) => [name, n - (before.commands[i].get(name) ?? 0)] as const)),
    );
    const byCommand = new Map<string, number>();
    for (const calls of perMaster) for (const [name, n] of calls) byCommand.set(name, (byCommand.get(name) ?? 0) + n);
    const commands = [...byCommand].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    const sent = commands.reduce((sum, [, n]) => sum + n, 0);
    const commandsPerEvent = perEvent(sent, events);
    lines.push(
      `commands:   ${commandsPerEvent.toFixed(1)} Redis commands per event${this.masters.length > 1 ? ', summed over the masters' : ''}: ${commands
        .slice(0, 8)
        .map(([name, n]) => `${name} ${perEvent(n, events).toFixed(2)}`)
        .join(', ')}`,
    );
    if (this.masters.length > 1) {
      const shares = perMaster.map((calls) => [...calls.values()].reduce((a, b) => a + b, 0));
      const mean = sent / shares.length;
      const deviation = Math.max(...shares.map((n) => Math.abs(n - mean) / mean));
      lines.push(
        `shards:     ${this.masters.map(({ name }, i) => `${name} ${((shares[i] / sent) * 100).toFixed(1)}%`).join(', ')} of the commands; max deviation from an even share ${(deviation * 100).toFixed(1)}% (goal ±20%)`,
      );
    }
    return { commandsPerEvent, lines };
  }
}

/** Calls per command from INFO commandstats (`cmdstat_hget:calls=12,…`). */
function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1], Number(match[2]));
  return calls;
}
