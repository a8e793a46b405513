import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import { optionsFrom } from '../settings';
import type { AccessLog } from './access-log';
import { ACCESS_LOG, AccessLogLine, accessLogLine } from './access-log';
import type { Metrics } from './metrics';
import type { TraceContext } from './trace-context';
import { traceContextFrom } from './trace-context';

/**
 * Honours `traceparent` (or starts a trace), keeps it in `res.locals.trace` for calls downstream,
 * and counts every request in the metrics. A request gets a JSON log line with its trace id only when
 * it failed (5xx), was slow, or was drawn by the sample (off by default): a line per request cost a
 * fifth of the gateway's CPU per query.
 */
export function requestLogging(logger: Logger, metrics: Metrics, policy: AccessLog = optionsFrom(ACCESS_LOG)): RequestHandler {
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
      const ms = Math.round(seconds * 1000);
      const line = accessLogLine(policy, res.statusCode, seconds * 1000);
      if (line === null) return;
      const fields = { traceId: trace.traceId, method: req.method, path, status: res.statusCode, ms };
      if (line === AccessLogLine.Failed) logger.error('request failed', fields);
      else if (line === AccessLogLine.Slow) logger.warn('slow request', fields);
      else logger.info('request', fields);
    });
    next();
  };
}
