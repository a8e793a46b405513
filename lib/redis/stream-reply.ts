/**
 * Typed views of the stream replies ioredis returns as nested arrays. Each parser checks the
 * shape it relies on, so a protocol surprise fails loudly instead of yielding undefined.
 */
export interface StreamEntry {
  id: string;
  /** Field/value pairs; null when the entry was deleted from the stream while pending. */
  fields: string[] | null;
}

export interface PendingEntry {
  id: string;
  consumer: string;
  deliveries: number;
}

export interface GroupInfo {
  name: string;
  pending: number;
  lastDeliveredId: string;
  /** Entries not yet delivered to the group (Redis 7+; null when Redis cannot tell). */
  lag: number | null;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`unexpected Redis reply for ${what}`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number') return String(value);
  throw new Error(`unexpected Redis reply for ${what}`);
}

/** `[[id, [field, value, ...] | null], ...]`, as XRANGE, XREADGROUP and XAUTOCLAIM return entries. */
export function parseEntries(reply: unknown): StreamEntry[] {
  return array(reply, 'stream entries').map((raw) => {
    const [id, fields] = array(raw, 'stream entry');
    return { id: text(id, 'entry id'), fields: fields === null ? null : array(fields, 'entry fields').map((f) => text(f, 'field')) };
  });
}

/** XREADGROUP on one stream: null when BLOCK timed out, else `[[key, entries]]`. */
export function parseReadGroup(reply: unknown): StreamEntry[] {
  if (reply === null) return [];
  const streams = array(reply, 'XREADGROUP');
  return streams.length === 0 ? [] : parseEntries(array(streams[0], 'XREADGROUP stream')[1]);
}

/** XREADGROUP on several streams: each stream's entries by its key (none when BLOCK timed out). */
export function parseReadGroupStreams(reply: unknown): Map<string, StreamEntry[]> {
  const byStream = new Map<string, StreamEntry[]>();
  if (reply === null) return byStream;
  for (const raw of array(reply, 'XREADGROUP')) {
    const [key, entries] = array(raw, 'XREADGROUP stream');
    byStream.set(text(key, 'stream key'), parseEntries(entries));
  }
  return byStream;
}

/** XAUTOCLAIM: `[next cursor, claimed entries, deleted ids (Redis 7)]`. */
export function parseAutoClaim(reply: unknown): { cursor: string; entries: StreamEntry[] } {
  const [cursor, entries] = array(reply, 'XAUTOCLAIM');
  return { cursor: text(cursor, 'XAUTOCLAIM cursor'), entries: parseEntries(entries) };
}

/** Extended XPENDING: `[[id, consumer, idle ms, deliveries], ...]`. */
export function parsePending(reply: unknown): PendingEntry[] {
  return array(reply, 'XPENDING').map((raw) => {
    const [id, consumer, , deliveries] = array(raw, 'pending entry');
    return { id: text(id, 'pending id'), consumer: text(consumer, 'pending consumer'), deliveries: Number(deliveries) };
  });
}

/** XINFO GROUPS: one flat `[name, value, ...]` list per group. */
export function parseGroups(reply: unknown): GroupInfo[] {
  return array(reply, 'XINFO GROUPS').map((raw) => {
    const flat = array(raw, 'group info');
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < flat.length; i += 2) info.set(text(flat[i], 'group info field'), flat[i + 1]);
    return {
      name: text(info.get('name'), 'group name'),
      pending: Number(info.get('pending')),
      lastDeliveredId: text(info.get('last-delivered-id'), 'last-delivered-id'),
      lag: typeof info.get('lag') === 'number' || typeof info.get('lag') === 'string' ? Number(info.get('lag')) : null,
    };
  });
}

/** The value of `field` in an entry's field/value pairs. */
export function fieldOf(entry: StreamEntry, field: string): string | undefined {
  const fields = entry.fields ?? [];
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === field) return fields[i + 1];
  return undefined;
}

export interface ConsumerInfo {
  name: string;
  pending: number;
}

/** XINFO CONSUMERS: one flat `[name, value, ...]` list per consumer. */
export function parseConsumers(reply: unknown): ConsumerInfo[] {
  return array(reply, 'XINFO CONSUMERS').map((raw) => {
    const flat = array(raw, 'consumer info');
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < flat.length; i += 2) info.set(text(flat[i], 'consumer info field'), flat[i + 1]);
    return { name: text(info.get('name'), 'consumer name'), pending: Number(info.get('pending')) };
  });
}
