import { TransportKind } from '../pipeline';

export type StreamingTransport = TransportKind.Sse | TransportKind.Multipart;

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
}

/** `Accept` as media ranges, in the client's order, without those it refuses (`q=0`). */
function mediaRanges(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((range) => {
      const [type = '', ...rest] = range.split(';').map((s) => s.trim());
      const params = new Map(
        rest.map((param) => {
          const at = param.indexOf('=');
          return [
            param.slice(0, at).trim().toLowerCase(),
            param
              .slice(at + 1)
              .trim()
              .replace(/^"|"$/g, ''),
          ] as const;
        }),
      );
      const q = params.has('q') ? Number(params.get('q')) : 1;
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((range) => range.type !== '' && range.q > 0);
}

function streamingOf(range: MediaRange): StreamingTransport | undefined {
  if (range.type === 'text/event-stream') return TransportKind.Sse;
  // Plain `multipart/mixed` (urql lists it) is incremental delivery, not Apollo's subscription protocol.
  if (range.type === 'multipart/mixed' && range.params.has('subscriptionspec')) return TransportKind.Multipart;
  return undefined;
}

/**
 * The stream a subscription on `/graphql` is served over, by `Accept` (docs/contract.md §7): the
 * streaming type the client ranks highest (then the first listed), or none. Only a subscription
 * streams: a query or mutation is answered as GraphQL over HTTP whatever else `Accept` lists, so
 * urql's default `application/graphql-response+json, application/json, text/event-stream,
 * multipart/mixed` gets its queries as JSON and its subscriptions over SSE.
 */
export function acceptedStream(accept: string | undefined): StreamingTransport | undefined {
  let best: { transport: StreamingTransport; q: number } | undefined;
  for (const range of mediaRanges(accept ?? '')) {
    const transport = streamingOf(range);
    if (transport && (!best || range.q > best.q)) best = { transport, q: range.q };
  }
  return best?.transport;
}
