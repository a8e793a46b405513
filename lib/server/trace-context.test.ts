import { traceContextFrom } from './trace-context';

describe('traceContextFrom', () => {
  it('continues a valid traceparent with a new span of the same trace', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const continued = traceContextFrom(incoming);
    expect(continued.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(continued.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(continued.traceparent).not.toBe(incoming);
  });

  it.each([undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'])('starts a new trace for %p', (header) => {
    const started = traceContextFrom(header);
    expect(started.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(started.traceId).not.toMatch(/^0+$/);
  });
});
