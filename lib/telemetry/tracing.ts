import type { Context, Link, SpanContext, Tracer } from '@opentelemetry/api';
import { ROOT_CONTEXT, context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';

/**
 * Whether spans are exported (lib/telemetry/start-tracing.ts). Every Lading span site asks this first,
 * so with tracing off the hot path does no tracing work at all: no span objects, no header parsing.
 */
let enabled = false;

export function tracingEnabled(): boolean {
  return enabled;
}

/** Only start-tracing.ts switches it, once a provider is registered (and off again on dispose). */
export function setTracingEnabled(value: boolean): void {
  enabled = value;
}

/** The tracer of one Lading service (`gateway`, `orders`, …): its instrumentation scope names the service. */
export function tracerOf(service: string): Tracer {
  return trace.getTracer(`lading-${service}`);
}

/** The context a W3C `traceparent` continues (the root context when it is absent or invalid). */
export function contextOfTraceparent(traceparent: string | undefined, base: Context = ROOT_CONTEXT): Context {
  return traceparent ? propagation.extract(base, { traceparent }) : base;
}

/** A link to the span a `traceparent` names, when it is a valid one. */
export function linkToTraceparent(traceparent: string | undefined): Link | undefined {
  if (!traceparent) return undefined;
  const spanContext = trace.getSpanContext(contextOfTraceparent(traceparent));
  return spanContext && isSpanContextValid(spanContext) ? { context: spanContext } : undefined;
}

/** The W3C `traceparent` of a span context. */
export function traceparentOf(spanContext: SpanContext): string {
  return `00-${spanContext.traceId}-${spanContext.spanId}-0${(spanContext.traceFlags & 1).toString(16)}`;
}

/** The `traceparent` of the active span: undefined with tracing off or outside any span. */
export function activeTraceparent(): string | undefined {
  if (!enabled) return undefined;
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && isSpanContextValid(spanContext) ? traceparentOf(spanContext) : undefined;
}
