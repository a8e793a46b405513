import { EventType } from '../lib/events/types';
import { Role } from '../lib/identity/identity';
import { createLogger, silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { orderWithShipments } from './support/events';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('CloudEvents binary mode (ce-* headers)', () => {
  let stack: TestStack;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const logger = createLogger({}, 'info', (line) => lines.push(JSON.parse(line)));
    stack = await startTestStack(createMemoryRuntime(silentLogger), undefined, undefined, undefined, undefined, logger);
    await stack.ingest(orderWithShipments('ORD-BIN', 'CUST-BIN', ['SHP-BIN']));
  });

  afterAll(() => stack.dispose());

  async function postBinary(headers: Record<string, string>, body: string) {
    const token = await stack.token(Role.Integration);
    const response = await fetch(stack.gatewayUrl.replace('/graphql', '/events'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  const headersFor = (id: string) => ({
    'ce-specversion': '1.0',
    'ce-id': id,
    'ce-source': 'urn:tms:binary-test',
    'ce-type': EventType.PickedUp,
    'ce-time': '2026-11-02T09%3A00%3A00Z',
    'ce-subject': 'SHP-BIN',
    'ce-traceparent': TRACEPARENT,
    'ce-dataschema': 'https://example.com/schemas/picked-up.json',
    'ce-partnerref': 'abc-123',
    'content-type': 'application/json; charset=utf-8',
  });

  it('accepts the event, applies it and logs the apply with the trace id of its traceparent extension', async () => {
    const posted = await postBinary(headersFor('bin-1'), JSON.stringify({ location: 'Rotterdam' }));
    expect(posted.status).toBe(202);
    expect(posted.body.results).toEqual([{ id: 'bin-1', status: 'accepted' }]);
    await stack.runtime.pipeline.idle();
    const shipment = await stack.graphql(
      '{ shipment(id: "SHP-BIN") { status timeline { type location } } }',
      undefined,
      await stack.token(Role.ServiceRep),
    );
    expect(shipment.body.data.shipment.status).toBe('IN_TRANSIT');
    expect(shipment.body.data.shipment.timeline).toContainEqual({ type: EventType.PickedUp, location: 'Rotterdam' });
    const applied = lines.filter((l) => l.message === 'event applied' && l.eventId === 'bin-1');
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((l) => l.traceId === TRACE_ID)).toBe(true);
  });

  it('keeps extension attributes on the logged event', async () => {
    const [entry] = (await stack.runtime.pipeline.log.read(undefined, 100)).filter((e) => e.event.id === 'bin-1');
    expect(entry.event).toMatchObject({
      traceparent: TRACEPARENT,
      dataschema: 'https://example.com/schemas/picked-up.json',
      partnerref: 'abc-123',
    });
    expect(entry.event.time).toBe('2026-11-02T09:00:00Z');
  });

  it('a repeated binary event is a duplicate', async () => {
    const posted = await postBinary(headersFor('bin-1'), JSON.stringify({ location: 'Rotterdam' }));
    expect(posted.body.results).toEqual([{ id: 'bin-1', status: 'duplicate' }]);
  });

  it('names the missing attribute instead of the misleading specversion reason', async () => {
    const { 'ce-type': _omitted, ...headers } = headersFor('bin-2');
    const posted = await postBinary(headers, JSON.stringify({}));
    expect(posted.status).toBe(202);
    expect(posted.body.results[0]).toMatchObject({ id: 'bin-2', status: 'rejected', reason: 'invalid: type is required' });
  });

  it('rejects a body that does not match its JSON Content-Type with 400', async () => {
    const posted = await postBinary(headersFor('bin-3'), '{not json');
    expect(posted.status).toBe(400);
    expect(posted.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
