import type { IncomingHttpHeaders } from 'node:http';
import type { ParsedBody } from './cloudevents-body';

const PREFIX = 'ce-';

const mediaTypeOf = (value: string | undefined) => (value ?? '').split(';')[0].trim().toLowerCase();

/** CloudEvents HTTP binding: binary mode is announced by a `ce-specversion` header. */
export function isBinaryMode(headers: IncomingHttpHeaders): boolean {
  return headers['ce-specversion'] !== undefined;
}

/** Header values are percent-encoded where they are not printable ASCII (CloudEvents HTTP binding §3.1.3.2). */
function decodeHeader(name: string, value: string): string | Error {
  try {
    return decodeURIComponent(value);
  } catch {
    return new Error(`header ${name} is not valid percent-encoded UTF-8`);
  }
}

/**
 * One event in binary mode: attributes (extensions included) from `ce-*` headers, `data` from the
 * body as its Content-Type says. JSON media types are parsed, anything else stays a string (which
 * a canonical event then rejects by name, as its data must be an object).
 */
export function parseBinaryEvent(headers: IncomingHttpHeaders, body: string): ParsedBody {
  const event: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (!name.startsWith(PREFIX) || raw === undefined) continue;
    const value = decodeHeader(name, Array.isArray(raw) ? raw.join(',') : raw);
    if (value instanceof Error) return { ok: false, status: 400, message: value.message };
    event[name.slice(PREFIX.length)] = value;
  }
  const contentType = headers['content-type'];
  const mediaType = mediaTypeOf(contentType);
  // The binding maps datacontenttype to Content-Type: a ce-datacontenttype saying otherwise leaves the data's type unknowable.
  const declared = event.datacontenttype;
  if (contentType && typeof declared === 'string' && mediaTypeOf(declared) !== mediaType) {
    return {
      ok: false,
      status: 400,
      message: `ce-datacontenttype "${declared}" contradicts Content-Type "${contentType}": in binary mode the data's content type is the Content-Type header (leave ce-datacontenttype out)`,
    };
  }
  if (contentType) event.datacontenttype = contentType;
  if (body === '') return { ok: true, events: [event] };
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    try {
      event.data = JSON.parse(body);
    } catch (error) {
      return { ok: false, status: 400, message: `body is not valid JSON as its Content-Type says: ${(error as Error).message}` };
    }
  } else {
    event.data = body;
  }
  return { ok: true, events: [event] };
}
