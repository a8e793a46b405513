import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import type { LadingProcess } from '../stack/lading-process';

const SUBGRAPHS = ['orders', 'warehouse', 'transport', 'finance'];
/** Within the gateway's LADING_MAX_ALIASES (30). */
const ALIASES_PER_QUERY = 25;
/**
 * Event times are recent and one millisecond apart, as a live feed's are: times weeks old would
 * have the SLA scheduler record a breach for every shipment each minute (no carrier update in
 * 24 h), work that is not ingest.
 */
const BASE_TIME = Date.now() - 10 * 60_000;

/** An HTTP client of one Lading process for the ingest benchmark: posts events, reads progress and visibility. */
export class IngestClient {
  private seq = 0;

  private constructor(
    private readonly lading: LadingProcess,
    private readonly integration: string,
    private readonly rep: string,
  ) {}

  static async open(lading: LadingProcess, secret: string): Promise<IngestClient> {
    const integration = await mintToken({ sub: 'bench-ingest', role: Role.Integration }, { secret });
    const rep = await mintToken({ sub: 'bench-rep', role: Role.ServiceRep }, { secret });
    return new IngestClient(lading, integration, rep);
  }

  get base(): string {
    return this.lading.gatewayUrl.replace('/graphql', '');
  }

  /** Every 429 this client has been answered (each then retried after its Retry-After, or given up by its poster). */
  throttled = 0;

  /**
   * Posts one batch, retrying like a real integration when the connection fails (a kept-alive
   * socket the server just closed) and, after its Retry-After, when the gateway answers 429 (a
   * throttled class of events); returns how many were accepted, a retried batch's duplicates
   * included. `onThrottled` hears each 429 and may give the batch up (returns false: 0 accepted,
   * nothing lost, the integration would post it later). Any other refusal is a benchmark bug.
   */
  async post(events: unknown[], onThrottled?: (retryAfterSeconds: number) => boolean): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.base}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${this.integration}` },
          body: JSON.stringify(events),
        });
      } catch (error) {
        if (attempt >= 5) throw error;
        continue;
      }
      if (res.status === 429) {
        await res.arrayBuffer();
        this.throttled++;
        const seconds = Number(res.headers.get('retry-after'));
        const retryAfter = Number.isFinite(seconds) && seconds >= 0 ? seconds : 1;
        if (onThrottled && !onThrottled(retryAfter)) return 0;
        await new Promise((r) => setTimeout(r, retryAfter * 1000));
        attempt = 0;
        continue;
      }
      if (res.status !== 202) throw new Error(`POST /events answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const { results } = (await res.json()) as { results: { status: string; reason?: string }[] };
      const bad = results.find((r) => r.status !== 'accepted' && r.status !== 'duplicate');
      if (bad) throw new Error(`an event was ${bad.status}: ${bad.reason ?? ''}`);
      return results.length;
    }
  }

  /** Orders of `perOrder` shipments each, created and released. */
  orders(prefix: string, shipmentIds: string[], perOrder = 100): unknown[] {
    const events: unknown[] = [];
    for (let o = 0; o * perOrder < shipmentIds.length; o++) {
      const order = `ORD-${prefix}-${o}`;
      const shipments = shipmentIds.slice(o * perOrder, (o + 1) * perOrder);
      events.push(
        this.event('urn:erp:bench', EventType.OrderCreated, order, 0, {
          number: `SO-${prefix}-${o}`,
          customer: { id: 'CUST-BENCH', name: 'Bench' },
          lines: [{ sku: 'A', quantity: 1 }],
        }),
      );
      events.push(
        this.event('urn:erp:bench', EventType.OrderReleased, order, 1, {
          shipments: shipments.map((id) => ({ id, number: `SH-${id}`, warehouseId: 'W1' })),
        }),
      );
    }
    return events;
  }

  /** An in-transit scan of a shipment, later than every scan made before it. */
  scan(shipmentId: string): unknown {
    return this.event('urn:tms:bench', EventType.InTransit, shipmentId, 10 + this.seq, { location: `Hub ${this.seq % 97}` });
  }

  /** An ETA update (visible as the shipment's `eta`); returns the event and the ETA to look for. */
  eta(shipmentId: string): { event: unknown; eta: string } {
    const tick = 10 + this.seq;
    const eta = new Date(BASE_TIME + tick + 36_000_000).toISOString();
    return { event: this.event('urn:tms:bench', EventType.EtaUpdated, shipmentId, tick, { eta }), eta };
  }

  /** `tick`: milliseconds after BASE_TIME. */
  private event(source: string, type: EventType, subject: string, tick: number, data: Record<string, unknown>): unknown {
    const id = `bench-${process.pid}-${++this.seq}`;
    return { specversion: '1.0', id, source, type, time: new Date(BASE_TIME + tick).toISOString(), subject, data };
  }

  /** Entries each subgraph has handled so far (from its /metrics). */
  async applied(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    await Promise.all(
      SUBGRAPHS.map(async (name, i) => {
        const text = await (await fetch(`http://127.0.0.1:${this.lading.ports[i + 1]}/metrics`)).text();
        const samples = text.split('\n').filter((line) => line.startsWith('lading_events_applied_total{'));
        counts[name] = samples.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
      }),
    );
    return counts;
  }

  /** Resolves when every subgraph has handled at least `total` entries; returns when that was (ms since epoch). */
  async allApplied(total: number, timeoutMs = 600_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await this.applied();
      if (Object.values(counts).every((n) => n >= total)) return Date.now();
      if (Date.now() > deadline) throw new Error(`not applied after ${timeoutMs} ms: ${JSON.stringify(counts)} of ${total}`);
      // Each poll costs every subgraph a /metrics rendering (with Redis reads): not too often.
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Milliseconds from posting an ETA update until the gateway shows it. */
  async visibility(shipmentId: string): Promise<number> {
    const { event, eta } = this.eta(shipmentId);
    const started = performance.now();
    await this.post([event]);
    await this.waitForEta(shipmentId, eta);
    return performance.now() - started;
  }

  /**
   * The ETA the gateway shows for each shipment (null when it shows none), in one query per
   * ALIASES_PER_QUERY shipments; a failed connection reads as no ETA.
   */
  async etas(shipmentIds: string[]): Promise<(string | null)[]> {
    const chunks = Array.from({ length: Math.ceil(shipmentIds.length / ALIASES_PER_QUERY) }, (_, c) =>
      shipmentIds.slice(c * ALIASES_PER_QUERY, (c + 1) * ALIASES_PER_QUERY),
    );
    const read = async (ids: string[]) => {
      const query = `{ ${ids.map((id, i) => `s${i}: shipment(id: ${JSON.stringify(id)}) { eta }`).join(' ')} }`;
      try {
        const res = await fetch(this.lading.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.rep}` },
          body: JSON.stringify({ query }),
        });
        const body = (await res.json()) as { data?: Record<string, { eta: string | null } | null> };
        return ids.map((_, i) => body.data?.[`s${i}`]?.eta ?? null);
      } catch {
        return ids.map(() => null);
      }
    };
    return (await Promise.all(chunks.map(read))).flat();
  }

  /** The gateway's /metrics text. */
  async gatewayMetrics(): Promise<string> {
    return (await fetch(`${this.base}/metrics`)).text();
  }

  /**
   * Resolves once the gateway shows `eta` for the shipment. A failed connection (a kept-alive socket
   * the server just closed) is one more poll, as for `post`; the deadline names the last failure.
   */
  async waitForEta(shipmentId: string, eta: string, timeoutMs = 300_000): Promise<void> {
    const query = JSON.stringify({ query: `{ shipment(id: "${shipmentId}") { eta } }` });
    const deadline = Date.now() + timeoutMs;
    let failure: Error | null = null;
    for (;;) {
      try {
        const res = await fetch(this.lading.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.rep}` },
          body: query,
        });
        const body = (await res.json()) as { data?: { shipment: { eta: string | null } | null } };
        if (body.data?.shipment?.eta === eta) return;
      } catch (error) {
        failure = error as Error;
      }
      if (Date.now() > deadline)
        throw new Error(`ETA of ${shipmentId} not visible after ${timeoutMs} ms${failure ? ` (last failure: ${failure.message})` : ''}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
