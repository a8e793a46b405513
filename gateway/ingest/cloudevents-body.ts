/** docs/contract.md §5: at most this many events in one batch. */
export const MAX_BATCH_EVENTS = 500;

export const STRUCTURED = 'application/cloudevents+json';
export const BATCH = 'application/cloudevents-batch+json';

export type ParsedBody = { ok: true; events: unknown[] } | { ok: false; status: 400 | 413 | 415; message: string };

/** Splits a CloudEvents HTTP body (structured or batch mode) into raw events, checking only its shape. */
export function parseCloudEventsBody(contentType: string | undefined, body: string): ParsedBody {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (![STRUCTURED, BATCH, 'application/json'].includes(mediaType)) {
    return { ok: false, status: 415, message: `content type must be ${STRUCTURED} or ${BATCH}, got "${mediaType || 'none'}"` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { ok: false, status: 400, message: `body is not valid JSON: ${(error as Error).message}` };
  }
  const batch = mediaType === BATCH || (mediaType === 'application/json' && Array.isArray(parsed));
  if (batch) {
    if (!Array.isArray(parsed)) return { ok: false, status: 400, message: 'a batch must be a JSON array of CloudEvents' };
    if (parsed.length > MAX_BATCH_EVENTS) {
      return { ok: false, status: 413, message: `a batch holds at most ${MAX_BATCH_EVENTS} events, got ${parsed.length}` };
    }
    return { ok: true, events: parsed };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, status: 400, message: 'body is not a CloudEvent: expected a JSON object' };
  }
  return { ok: true, events: [parsed] };
}
