import type { Request } from 'express';

/** The graphql-sse protocol's reservation token, as a header (`fetch` clients) or a `token` search parameter (EventSource). */
export const EVENT_STREAM_TOKEN_HEADER = 'x-graphql-event-stream-token';
const EVENT_STREAM_TOKEN_PARAM = 'token';

/** The reservation token a single-connection SSE request carries, if any (docs/subscriptions.md). */
export function eventStreamTokenOf(req: Request): string | undefined {
  const header = req.header(EVENT_STREAM_TOKEN_HEADER);
  if (header) return header;
  const param: unknown = req.query[EVENT_STREAM_TOKEN_PARAM];
  return typeof param === 'string' && param !== '' ? param : undefined;
}
