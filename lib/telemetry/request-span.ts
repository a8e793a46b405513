import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import type { TraceContext } from '../server/trace-context';
import { traceparentOf, tracerOf, tracingEnabled } from './tracing';

/** Probes and scrapes: a span each would bury the requests anyone wants to see. */
const UNTRACED = /^\/(health|metrics)(\/|$)/;

/**
 * With tracing on, one SERVER span per request of `service`, continuing the caller's `traceparent`
 * and active for everything the request does (so @apollo/gateway's spans and the gateway's subgraph
 * fetches are its children). `res.locals.trace` then names this span, so log lines, masked errors and
 * calls downstream carry the exported trace. With tracing off it is not installed at all.
 */
export function requestSpan(service: string): RequestHandler | undefined {
  if (!tracingEnabled()) return undefined;
  const tracer = tracerOf(service);
  return (req, res, next) => {
    if (UNTRACED.test(req.path)) return next();
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    // The first path segment, like the metrics' route label: a scan of random URLs cannot mint span names.
    const route = `/${req.path.split('/')[1] ?? ''}`;
    const span = tracer.startSpan(
      `${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'http.route': route, 'url.path': req.path, 'lading.service': service },
      },
      parent,
    );
    const spanContext = span.spanContext();
    const traceContext: TraceContext = { traceId: spanContext.traceId, traceparent: traceparentOf(spanContext) };
    res.locals.trace = traceContext;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}
