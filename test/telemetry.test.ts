import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';
import { SUBGRAPH_NAMES as SUBGRAPHS } from '../lib/subgraph-names';
import type { LadingProcess } from '../stack/lading-process';
import { startLadingProcess } from '../stack/lading-process';
import type { CollectedSpan, OtlpCollector } from './support/otlp-collector';
import { startOtlpCollector } from './support/otlp-collector';

const SECRET = 'telemetry-test-secret';

/** OTLP's SpanKind: SERVER 2, CONSUMER 5. */
const SERVER = 2;
const CONSUMER = 5;

/** The README's portal query ("A page of the customer's shipments with fields from all four subgraphs"), read from the README itself. */
function readmePortalQuery(): string {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const body = /# A page of the customer's shipments[^\n]*\ncurl [^\n]*\\\n\s+-d '([^']+)'/.exec(readme)?.[1];
  if (!body) throw new Error("README.md no longer has the customer's shipments example");
  return body;
}

const traceparent = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('OpenTelemetry export (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  let collector: OtlpCollector;
  let lading: LadingProcess | undefined;

  beforeAll(async () => {
    collector = await startOtlpCollector();
  });

  afterAll(async () => {
    await lading?.stop();
    await collector?.close();
  });

  it('exports a portal query as one trace of gateway and subgraph spans, and an ingested event with its application', async () => {
    lading = await startLadingProcess({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: 'lading-under-test',
      LADING_DEMO_DATA: 'true',
      LADING_JWT_SECRET: SECRET,
    });
    const customer = await mintToken({ sub: 'portal', role: Role.Customer, customerId: 'CUST-0001' }, { secret: SECRET });
    const integration = await mintToken({ sub: 'carrier', role: Role.Integration }, { secret: SECRET });

    // A portal that traces itself sends its traceparent; the query's spans must all join that one trace.
    const queryTrace = hex(16);
    const portalSpan = hex(8);
    const query = await fetch(lading.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${customer}`,
        traceparent: traceparent(queryTrace, portalSpan),
      },
      body: readmePortalQuery(),
    });
    const result = (await query.json()) as { data?: { shipments: { edges: unknown[] } }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(result.data?.shipments.edges.length).toBeGreaterThan(0);

    const ingestTrace = hex(16);
    const eventsUrl = lading.gatewayUrl.replace(/\/graphql$/, '/events');
    const eventId = `evt-otel-${hex(4)}`;
    const posted = await fetch(eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents+json',
        authorization: `Bearer ${integration}`,
        traceparent: traceparent(ingestTrace, hex(8)),
      },
      body: JSON.stringify({
        specversion: '1.0',
        id: eventId,
        source: 'urn:tms:otel-test',
        type: EventType.OutForDelivery,
        time: '2026-11-20T10:00:00Z',
        subject: 'SHP-000036',
        data: { location: 'Utrecht' },
      }),
    });
    expect(posted.status).toBe(202);
    // Applied once the graph shows it: then its application span has ended.
    for (let status = ''; status !== 'OUT_FOR_DELIVERY';) {
      const reply = await fetch(lading.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${customer}` },
        body: JSON.stringify({ query: '{ shipment(id: "SHP-000036") { status } }' }),
      });
      status = ((await reply.json()) as { data: { shipment: { status: string } } }).data.shipment.status;
    }

    // SIGTERM: the process flushes its spans to the collector before it exits.
    await lading.stop();
    lading = undefined;
    expect(new Set(collector.paths)).toEqual(new Set(['/v1/traces']));

    const inQuery = collector.spans.filter((s) => s.traceId === queryTrace);
    const byId = new Map(inQuery.map((s) => [s.spanId, s]));
    const request = inQuery.find((s) => s.scope === 'lading-gateway' && s.kind === SERVER);
    expect(request).toMatchObject({ name: 'POST /graphql', parentSpanId: portalSpan, service: 'lading-under-test' });
    const gatewayNames = new Set(inQuery.filter((s) => s.scope === 'apollo/gateway-js').map((s) => s.name));
    expect([...gatewayNames]).toEqual(expect.arrayContaining(['gateway.request', 'gateway.execute', 'gateway.fetch']));
    const gatewayRequest = inQuery.find((s) => s.name === 'gateway.request');
    expect(gatewayRequest?.parentSpanId).toBe(request?.spanId);
    // Each subgraph's request span is the child of the gateway's fetch to it: one tree, with every subgraph the plan reached.
    const subgraphSpans = inQuery.filter((s) => SUBGRAPHS.some((name) => s.scope === `lading-${name}`));
    const fetched = new Set(inQuery.filter((s) => s.name === 'gateway.fetch').map((s) => s.attributes.service));
    expect(fetched.size).toBeGreaterThanOrEqual(3);
    expect(new Set(subgraphSpans.map((s) => s.attributes['lading.service']))).toEqual(fetched);
    for (const span of subgraphSpans) {
      const parent = byId.get(span.parentSpanId ?? '') as CollectedSpan;
      expect(parent).toMatchObject({ name: 'gateway.fetch', attributes: { service: span.attributes['lading.service'] } });
    }
    expect(subgraphSpans.length).toBe(inQuery.filter((s) => s.name === 'gateway.fetch').length);
    // Nothing of this query leaked into another trace.
    const fetches = collector.spans.filter((s) => s.name === 'gateway.fetch' && s.traceId !== queryTrace);
    expect(fetches.every((s) => !byId.has(s.parentSpanId ?? ''))).toBe(true);

    const inIngest = collector.spans.filter((s) => s.traceId === ingestTrace);
    const ingest = inIngest.find((s) => s.scope === 'lading-gateway' && s.name === 'POST /events');
    expect(ingest).toBeDefined();
    const applications = inIngest.filter((s) => s.kind === CONSUMER && s.attributes['lading.event.id'] === eventId);
    expect(applications.map((s) => s.attributes['lading.consumer'])).toContain('transport');
    for (const application of applications) {
      expect(application).toMatchObject({ name: `apply ${EventType.OutForDelivery}`, parentSpanId: ingest?.spanId });
    }
    expect(applications.find((s) => s.attributes['lading.consumer'] === 'transport')?.attributes['lading.apply.outcome']).toBe('applied');
  }, 120_000);
});
