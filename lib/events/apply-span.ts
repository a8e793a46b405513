import type { Link } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { contextOfTraceparent, linkToTraceparent, tracerOf, tracingEnabled } from '../telemetry/tracing';
import type { LoggedEvent } from './types';

/** What became of the entries a span covers: `applied`, `duplicate`, `held`, `refused`, or `per_entry` (a run applied one by one). */
export type ApplyOutcome = 'applied' | 'duplicate' | 'held' | 'refused' | 'per_entry';

type Work<T> = (outcome: (value: ApplyOutcome) => void) => Promise<T>;

const ignore = () => undefined;

/**
 * Runs the application of one log entry, or of a run of one aggregate's entries, in a CONSUMER span
 * of `consumer` (docs/observability.md). Its parent is the trace the first entry was appended in
 * (LoggedEvent.ingestTraceparent: the `POST /events` request), so an ingest's trace shows each
 * subgraph applying it; the other entries' traces and each event's own `traceparent` extension are
 * links. Reactions emitted inside are appended in this span's trace. With tracing off: just `work`.
 */
export function applySpan<T>(consumer: string, entries: readonly LoggedEvent[], work: Work<T>): Promise<T> {
  if (!tracingEnabled()) return work(ignore);
  const [first] = entries;
  const links = entries
    .flatMap((entry, i) => [i === 0 ? undefined : linkToTraceparent(entry.ingestTraceparent), linkToTraceparent(entry.event.traceparent)])
    .filter((link): link is Link => link !== undefined);
  const name = entries.length === 1 ? `apply ${first.event.type}` : `apply run of ${entries.length}`;
  const attributes = {
    'lading.service': consumer,
    'lading.consumer': consumer,
    'lading.event.id': first.event.id,
    'lading.event.type': first.event.type,
    'lading.event.source': first.event.source,
    'lading.event.subject': first.event.subject,
    'lading.log.position': first.position,
    'lading.run.size': entries.length,
  };
  const parent = contextOfTraceparent(first.ingestTraceparent);
  const span = tracerOf(consumer).startSpan(name, { kind: SpanKind.CONSUMER, attributes, links }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work((value) => span.setAttribute('lading.apply.outcome', value));
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
