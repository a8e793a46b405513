import type { IngestClient } from './ingest-client';

interface Waiting {
  eta: string;
  deadline: number;
  seen(at: number): void;
  expired(error: Error): void;
}

/**
 * Post-to-visible probes of many quiet shipments at once: one poll of the gateway reads every
 * waiting shipment's ETA, so probes left waiting behind a backlog (dozens, before real-time events
 * had a lane of their own) do not multiply the gateway's load and slow what they measure.
 */
export class EtaWatch {
  /** Posts of the probes' events answered 429 (each retried after its Retry-After). */
  throttled = 0;
  /** Per probe, milliseconds until its POST was answered: the door's share of post → visible. */
  readonly answered: number[] = [];
  private readonly waiting = new Map<string, Waiting>();
  private polling = false;

  constructor(
    private readonly client: IngestClient,
    private readonly pollMs = 50,
    private readonly timeoutMs = 600_000,
  ) {}

  /**
   * Milliseconds from posting an ETA update of `shipmentId` until the gateway shows it; one probe
   * per shipment at a time. `accepted` hears when the update was accepted.
   */
  async probe(shipmentId: string, accepted?: () => void): Promise<number> {
    if (this.waiting.has(shipmentId)) throw new Error(`${shipmentId} is probed already`);
    const { event, eta } = this.client.eta(shipmentId);
    const started = performance.now();
    const visible = new Promise<number>((seen, expired) =>
      this.waiting.set(shipmentId, { eta, deadline: Date.now() + this.timeoutMs, seen, expired }),
    );
    this.poll();
    await this.client.post([event], () => (this.throttled++, true));
    this.answered.push(performance.now() - started);
    accepted?.();
    return (await visible) - started;
  }

  private poll(): void {
    if (this.polling) return;
    this.polling = true;
    void (async () => {
      while (this.waiting.size > 0) {
        const ids = [...this.waiting.keys()];
        const etas = await this.client.etas(ids);
        const at = performance.now();
        ids.forEach((id, i) => {
          const waiting = this.waiting.get(id)!;
          if (etas[i] === waiting.eta) waiting.seen(at);
          else if (Date.now() > waiting.deadline) waiting.expired(new Error(`ETA of ${id} not visible after ${this.timeoutMs} ms`));
          else return;
          this.waiting.delete(id);
        });
        await new Promise((r) => setTimeout(r, this.pollMs));
      }
      this.polling = false;
    })();
  }
}
