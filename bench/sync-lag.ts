import type { IngestClient } from './ingest-client';

/** One reading of how far application is behind. */
export interface LagSample {
  at: number;
  /** Seconds since the oldest event every subgraph has not yet applied was accepted (0: none waits). */
  bench: number;
  /** The gateway's `lading_sync_lag_seconds` and `lading_sync_backlog` by class (empty where it has none). */
  lag: Map<string, number>;
  backlog: Map<string, number>;
}

/** A gauge's samples by their `class` label from a metrics text. */
export function byClass(metrics: string, name: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const match of metrics.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    const label = /(?:^|,)class="([^"]*)"/.exec(match[1]);
    if (label) values.set(label[1], Number(match[2]));
  }
  return values;
}

/**
 * Application lag measured from both sides. The bench's: it records when each accepted post came
 * back and how many events it carried, and reads how many entries every subgraph has applied; the
 * oldest accepted event not yet applied everywhere is the next one in acceptance order (nearly: a
 * lane of its own lets a few real-time events pass), and its age is the lag. The gateway's: its
 * per-class gauges, where it has them.
 */
export class LagSampler {
  readonly samples: LagSample[] = [];
  private readonly accepted: { at: number; through: number }[] = [];
  private acceptedCount = 0;
  private running: Promise<void> | null = null;
  private stopped = false;

  /** `appliedBefore`: entries every subgraph had applied before the first recorded post. */
  constructor(
    private readonly client: IngestClient,
    readonly appliedBefore: number,
    private readonly everyMs = 1000,
  ) {}

  /** Records a post whose `events` were accepted just now. */
  accept(events: number): void {
    this.acceptedCount += events;
    this.accepted.push({ at: Date.now(), through: this.acceptedCount });
  }

  start(): void {
    this.running = (async () => {
      while (!this.stopped) {
        await this.sample();
        await new Promise((r) => setTimeout(r, this.everyMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Takes a reading now (also between the periodic ones) and returns it. */
  async sample(): Promise<LagSample> {
    const [counts, metrics] = await Promise.all([this.client.applied(), this.client.gatewayMetrics().catch(() => '')]);
    const at = Date.now();
    const applied = Math.min(...Object.values(counts)) - this.appliedBefore;
    const oldest = this.accepted.find(({ through }) => through > applied);
    const sample = {
      at,
      bench: oldest ? (at - oldest.at) / 1000 : 0,
      lag: byClass(metrics, 'lading_sync_lag_seconds'),
      backlog: byClass(metrics, 'lading_sync_backlog'),
    };
    this.samples.push(sample);
    return sample;
  }
}
