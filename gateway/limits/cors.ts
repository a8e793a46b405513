import type { RequestHandler } from 'express';

/** Browsers cache a preflight this long: 10 min spares a portal most preflights, yet a changed LADING_CORS_ORIGINS soon applies. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for an allow-list of portal origins (`LADING_CORS_ORIGINS`). Other origins get no CORS
 * headers, so browsers keep their pages from reading Lading's answers. Preflights end here.
 */
export function cors(allowed: readonly string[]): RequestHandler {
  const origins = new Set(allowed);
  return (req, res, next) => {
    const origin = req.header('origin');
    // Answers differ by Origin, so a shared cache must not hand one origin's answer to another.
    if (origins.size > 0) res.vary('Origin');
    if (origin && origins.has(origin)) {
      res.set('Access-Control-Allow-Origin', origin);
      // graphql-sse resumes with Last-Event-ID and names a reserved stream in X-GraphQL-Event-Stream-Token (PUT reserves, DELETE stops).
      res.set('Access-Control-Allow-Headers', 'authorization, content-type, traceparent, last-event-id, x-graphql-event-stream-token');
      res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      res.set('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
    }
    if (req.method === 'OPTIONS') {
      res.status(origin && origins.has(origin) ? 204 : 403).end();
      return;
    }
    next();
  };
}
