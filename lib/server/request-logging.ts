import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';
import type { TraceContext } from './trace-context';
import { traceContextFrom } from './trace-context';

/**
 * Honours `traceparent` (or starts a trace), keeps it in `res.locals.trace` for calls downstream,
 * and logs one JSON line per request with the trace id; request latency goes to the metrics.
 */
export function requestLogging(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    // lib/telemetry/request-span.ts set it when tracing is on: the trace id is then the exported one.
    const trace = (res.locals.trace as TraceContext | undefined) ?? traceContextFrom(req.header('traceparent'));
    res.locals.trace = trace;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A mounted router (`/graphql`) rewrites req.path; originalUrl keeps the path the client asked for.
      // Unmatched paths share one label, so a scan of random URLs cannot mint a series per URL.
      const path = req.originalUrl.split('?')[0];
      const route = res.statusCode === 404 ? 'unmatched' : path.startsWith('/health') ? path : path.split('/').slice(0, 2).join('/') || '/';
      metrics.httpDuration.observe({ route, status: String(res.statusCode) }, seconds);
      // Refused floods are counted in the metrics only: logging each one would amplify the flood.
      if (route.startsWith('/health') || route === '/metrics' || res.statusCode === 429) return;
      logger.info('request', {
        traceId: trace.traceId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(seconds * 1000),
      });
    });
    next();
  };
}
