/**
 * Start-up work readiness waits for: the demo data applied by every subgraph, a subgraph's replay
 * of the log. `/health/ready` answers 503 naming what is still running (or what failed) until
 * everything tracked has finished, so "ready" means the data is there, not merely the sockets.
 */
export class StartupGate {
  private readonly running = new Set<string>();
  private readonly failed = new Set<string>();

  /** Holds readiness back until `work` settles; a failure keeps it back for good, named. */
  track<T>(what: string, work: Promise<T>): Promise<T> {
    this.running.add(what);
    return work.then(
      (value) => {
        this.running.delete(what);
        return value;
      },
      (error: unknown) => {
        this.running.delete(what);
        this.failed.add(what);
        throw error;
      },
    );
  }

  get ready(): boolean {
    return this.running.size === 0 && this.failed.size === 0;
  }

  /** A readiness check (lib/server/health.ts): rejects naming what is not done. */
  async check(): Promise<void> {
    if (this.ready) return;
    const parts = [...[...this.running].map((w) => `${w} in progress`), ...[...this.failed].map((w) => `${w} failed`)];
    throw new Error(parts.join('; '));
  }
}
