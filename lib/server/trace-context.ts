import { randomBytes } from 'node:crypto';

/** W3C trace context: `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceContext {
  traceId: string;
  /** The traceparent to send downstream: same trace, a new span of ours. */
  traceparent: string;
}

/** The trace id of a valid `traceparent`, else undefined. */
export function traceIdFrom(header: unknown): string | undefined {
  const match = typeof header === 'string' ? TRACEPARENT.exec(header.trim()) : null;
  return match && !/^0+$/.test(match[1]) ? match[1] : undefined;
}

/** Continues the caller's trace when its `traceparent` is valid, else starts a new one. */
export function traceContextFrom(header: unknown): TraceContext {
  const match = typeof header === 'string' ? TRACEPARENT.exec(header.trim()) : null;
  const traceId = match && !/^0+$/.test(match[1]) ? match[1] : randomBytes(16).toString('hex');
  const flags = match ? match[3] : '01';
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}` };
}
