import { TransportKind } from '../pipeline';
import { acceptedStream } from './stream-negotiation';

describe('acceptedStream', () => {
  it.each([
    [
      'urql (SSE listed, plain multipart/mixed is not a subscription stream)',
      'application/graphql-response+json, application/json, text/event-stream, multipart/mixed',
      TransportKind.Sse,
    ],
    ['Apollo Client', 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json', TransportKind.Multipart],
    ['Apollo, quoted spec', 'multipart/mixed;subscriptionSpec="1.0",application/json', TransportKind.Multipart],
    ['graphql-sse', 'text/event-stream', TransportKind.Sse],
    ['the higher q wins', 'text/event-stream;q=0.5, multipart/mixed;subscriptionSpec=1.0', TransportKind.Multipart],
    ['at equal q, the first listed', 'multipart/mixed;subscriptionSpec=1.0, text/event-stream', TransportKind.Multipart],
    ['case-insensitive', 'Text/Event-Stream', TransportKind.Sse],
  ])('%s', (_name, accept, expected) => {
    expect(acceptedStream(accept)).toBe(expected);
  });

  it.each([
    ['JSON only', 'application/json'],
    ['no Accept', undefined],
    ['a refused stream (q=0)', 'application/json, text/event-stream;q=0'],
    ['incremental delivery only', 'multipart/mixed'],
    ['anything', '*/*'],
  ])('no stream for %s', (_name, accept) => {
    expect(acceptedStream(accept)).toBeUndefined();
  });
});
