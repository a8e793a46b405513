import type { ChainableCommander, Redis } from 'ioredis';
import type { RedisKeys, SlotKeys } from '../../lib/redis/keys';
import { fromKeyPart, redisKeys } from '../../lib/redis/keys';
import { checkLayout } from '../../lib/redis/layout';
import { compareStreamIds, partitionedPositionOf, streamIdOf } from '../../lib/redis/stream-position';
import { formatChangeId } from '../../lib/changes/change-ids';
import { appliedCollection } from '../../lib/events/applied-markers';
import type { AppliedMarker } from '../../lib/events/applied-markers';
import type { HeldEvent } from '../../lib/events/held-events';
import { HELD_ALL, HELD_COLLECTION, heldMember } from '../../lib/events/held-events';
import { OWNERS } from '../../lib/events/ownership';
import { ENTRY_FIELD } from '../../lib/events/redis-log-entry';
import type { CanonicalEvent } from '../../lib/events/types';
import { eventKey, routeOf } from '../../lib/events/types';
import type { Fact } from '../../subgraphs/transport/domain/fact';
import { FACTS, shipmentIndex } from '../../subgraphs/transport/store/keys';
import { OFFSETS } from '../../subgraphs/governance/webhooks/keys';
import { WEBHOOK_NAMESPACE } from '../../subgraphs/governance/webhooks/webhook-service';
import { SLA_NAMESPACE, SLA_OFFSETS } from '../../subgraphs/governance/sla/keys';

/**
 * Moves a deployment from the single-stream layout (before issue 18: `<prefix>:<namespace>:doc:…`,
 * one `<prefix>:events:stream`) into the partitioned one (lib/redis/keys.ts), on the same Redis.
 * Every document, index entry, log entry, deduplication entry and applied marker goes to the
 * partition of the route the code reads it with (docs/operations.md lists the rules). The old keys
 * stay unless `deleteOld`: a migration that failed halfway is simply run again (what it had
 * written of the new layout is cleared first, which is safe while the layout is not recorded).
 */
export interface MigrationOptions {
  prefix: string;
  /** `LADING_LOG_PARTITIONS` of the new layout. */
  partitions: number;
  /** Delete the old layout's keys once the new one is recorded. */
  deleteOld?: boolean;
}

export interface MigrationReport {
  documents: number;
  indexEntries: number;
  events: number;
  dedupEntries: number;
  /** Deduplication entries whose event is no longer in the old stream (trimmed): its partition is unknown. */
  dedupDropped: number;
  appliedMarkers: number;
  /** Applied markers whose event is no longer in the old stream: their aggregate is unknown. */
  markersDropped: number;
  /** Time-ordered held index members without their held record (the sweeper would have removed them). */
  heldMembersDropped: number;
  groups: string[];
  /** Live consumers' offsets set to the new change streams' heads (`namespace/collection/stream`). */
  offsetsReset: string[];
  /** Old keys deleted (0 without `deleteOld`). */
  oldKeysDeleted: number;
  /** Keys under the prefix that belong to neither layout, left as they are. */
  unknownKeys: string[];
}

/** The migration cannot run as things are; the message says what to do. */
export class MigrationRefused extends Error {}

/** Namespaces kept whole in the new layout (`keys.inNamespace`), and their consumers' change stream offsets. */
const WHOLE_NAMESPACES: Record<string, string> = { [WEBHOOK_NAMESPACE]: OFFSETS, [SLA_NAMESPACE]: SLA_OFFSETS };

const TIMELINE = shipmentIndex.timeline('');
const PAGE = 1_000;

/** The old layout's key names (lib/redis/keys.ts before issue 18). */
function oldKeys(prefix: string) {
  return {
    eventStream: `${prefix}:events:stream`,
    dedup: new RegExp(`^${escapeRegExp(prefix)}:events:dedup:(-?\\d+)$`),
    document: new RegExp(`^${escapeRegExp(prefix)}:([^:{}]+):doc:(.+)$`),
    index: new RegExp(`^${escapeRegExp(prefix)}:([^:{}]+):idx:(.+)$`),
    /** Change streams (not copied), their trim marks and consumer heartbeats: dropped with the old layout. */
    dropped: new RegExp(`^${escapeRegExp(prefix)}:(changes|events:alive):`),
  };
}

function isOldLayoutKey(old: ReturnType<typeof oldKeys>, key: string): boolean {
  return key === old.eventStream || [old.dedup, old.document, old.index, old.dropped].some((pattern) => pattern.test(key));
}

interface LoggedFacts {
  subject: string;
}

export async function migrateToPartitioned(redis: Redis, options: MigrationOptions): Promise<MigrationReport> {
  const keys = redisKeys(options.prefix, options.partitions);
  const old = oldKeys(options.prefix);
  const report: MigrationReport = {
    documents: 0,
    indexEntries: 0,
    events: 0,
    dedupEntries: 0,
    dedupDropped: 0,
    appliedMarkers: 0,
    markersDropped: 0,
    heldMembersDropped: 0,
    groups: [],
    offsetsReset: [],
    oldKeysDeleted: 0,
    unknownKeys: [],
  };

  if ((await redis.exists(keys.layout)) === 1) {
    // Migrated earlier, old keys kept: deleting them is all that is left to do.
    if (options.deleteOld) {
      await checkLayout(redis, keys);
      for (const key of await scan(redis, `${globEscape(options.prefix)}:*`))
        if (isOldLayoutKey(old, key)) report.oldKeysDeleted += await redis.unlink(key);
      return report;
    }
    throw new MigrationRefused(
      `${keys.layout} exists: the data under prefix "${options.prefix}" is on the partitioned layout already ` +
        `(a service of this version started on it, or a migration finished); there is nothing to migrate ` +
        `(--delete-old deletes the old layout's keys a migration kept)`,
    );
  }
  const groups = await caughtUpGroups(redis, old.eventStream);

  // A failed earlier attempt's writes: nothing else writes the new layout before its layout key exists.
  for (const key of await scan(redis, `${globEscape(options.prefix)}:{*`)) await redis.unlink(key);

  const all = await scan(redis, `${globEscape(options.prefix)}:*`);
  const writer = new Writer(redis);

  // The log: every entry to its aggregate's partition, in order, with its stream id (so positions,
  // retention and the order of one aggregate's events stay as they were).
  const byKey = new Map<string, LoggedFacts>();
  for (let start = '-'; ;) {
    const page = (await redis.xrange(old.eventStream, start, '+', 'COUNT', PAGE)) as [string, string[]][];
    for (const [id, fields] of page) {
      const at = fields.indexOf(ENTRY_FIELD);
      if (at === -1 || at % 2 !== 0)
        throw new Error(`${old.eventStream} entry ${id} has no field "${ENTRY_FIELD}": not an entry Lading wrote`);
      const json = fields[at + 1];
      const { event } = JSON.parse(json) as { event: CanonicalEvent };
      const route = routeOf(event);
      const partition = keys.partitions.of(route);
      byKey.set(eventKey(event), { subject: route });
      writer.add((p) => p.xadd(keys.in(partition).eventStream, id, ...fields));
      report.events++;
    }
    await writer.flush();
    if (page.length < PAGE) break;
    start = `(${page[page.length - 1][0]}`;
  }
  // Every group had handled everything: it starts at the end of each partition's stream.
  for (const group of groups)
    for (let n = 0; n < keys.partitions.count; n++) writer.add((p) => p.xgroup('CREATE', keys.in(n).eventStream, group, '$', 'MKSTREAM'));
  report.groups = groups;
  await writer.flush();

  const partitionOf = (route: string) => keys.partitions.of(route);
  const deletable: string[] = [];
  for (const key of all) {
    if (key === old.eventStream) {
      deletable.push(key);
      continue;
    }
    const dedup = old.dedup.exec(key);
    if (dedup) {
      await copyHash(redis, writer, key, (field, value) => {
        const found = byKey.get(field);
        if (!found) {
          report.dedupDropped++;
          return null;
        }
        report.dedupEntries++;
        return { key: keys.in(partitionOf(found.subject)).eventDedup(Number(dedup[1])), field, value };
      });
      deletable.push(key);
      continue;
    }
    const doc = old.document.exec(key);
    if (doc) {
      const [, namespace, collection] = doc;
      await copyDocuments(redis, writer, key, namespace, collection, keys, byKey, report);
      deletable.push(key);
      continue;
    }
    const index = old.index.exec(key);
    if (index) {
      const [, namespace, name] = index;
      await copyIndex(redis, writer, key, namespace, name, keys, report, options.prefix);
      deletable.push(key);
      continue;
    }
    if (old.dropped.test(key)) deletable.push(key);
    else if (key !== keys.layout && !key.startsWith(`${options.prefix}:ratelimit:`)) report.unknownKeys.push(key);
  }
  await writer.flush();

  // Live consumers of change streams start at the new (empty) streams' heads: the old streams are not copied.
  for (const [namespace, collection] of Object.entries(WHOLE_NAMESPACES)) {
    const hash = keys.inNamespace(namespace).documents(namespace, collection);
    for (const stream of await redis.hkeys(hash)) {
      const ids: string[] = [];
      for (let n = 0; n < keys.partitions.count; n++) {
        const [last] = (await redis.xrevrange(keys.in(n).changeStream(stream), '+', '-', 'COUNT', 1)) as [string, string[]][];
        ids.push(last?.[0] ?? '0-0');
      }
      await redis.hset(hash, stream, JSON.stringify({ after: formatChangeId({ own: 0, ids }) }));
      report.offsetsReset.push(`${namespace}/${collection}/${stream}`);
    }
  }

  await checkLayout(redis, keys);
  if (options.deleteOld) {
    for (const key of deletable) report.oldKeysDeleted += await redis.unlink(key);
  }
  return report;
}

/** The names of the old stream's consumer groups, once each is known to have handled every entry. */
async function caughtUpGroups(redis: Redis, stream: string): Promise<string[]> {
  if ((await redis.exists(stream)) === 0) return [];
  const [last] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
  const groups = ((await redis.xinfo('GROUPS', stream)) as unknown[][]).map((flat) => {
    const info = new Map<string, unknown>();
    for (let i = 0; i < flat.length; i += 2) info.set(String(flat[i]), flat[i + 1]);
    return { name: String(info.get('name')), pending: Number(info.get('pending')), lastDelivered: String(info.get('last-delivered-id')) };
  });
  const behind = groups
    .map((g) => {
      const undelivered = last !== undefined && compareStreamIds(g.lastDelivered, last[0]) < 0;
      if (g.pending === 0 && !undelivered) return null;
      const what = [g.pending > 0 && `${g.pending} pending (delivered, not acknowledged)`, undelivered && 'entries not delivered yet']
        .filter(Boolean)
        .join(' and ');
      return `consumer group "${g.name}" has ${what}`;
    })
    .filter((line): line is string => line !== null);
  if (behind.length > 0)
    throw new MigrationRefused(
      `${stream}: ${behind.join('; ')}. Run the services of the previous version until every group has handled the whole log ` +
        `(events_backlog 0 on /metrics), stop them all, then migrate`,
    );
  return groups.map((g) => g.name);
}

async function copyDocuments(
  redis: Redis,
  writer: Writer,
  key: string,
  namespace: string,
  collection: string,
  keys: RedisKeys,
  byKey: Map<string, LoggedFacts>,
  report: MigrationReport,
): Promise<void> {
  const whole = namespace in WHOLE_NAMESPACES;
  const target = (route: string): SlotKeys => (whole ? keys.inNamespace(namespace) : keys.in(keys.partitions.of(route)));
  const put = (route: string, id: string, value: string) => {
    report.documents++;
    return { key: target(route).documents(namespace, collection), field: id, value };
  };
  const generation = /^applied@(-?\d+)$/.exec(collection);
  await copyHash(redis, writer, key, (id, value) => {
    if (whole) return put(namespace, id, value);
    if (generation && collection === appliedCollection(Number(generation[1]))) {
      const found = byKey.get(id);
      if (!found) {
        report.markersDropped++;
        return null;
      }
      report.appliedMarkers++;
      const marker = JSON.parse(value) as AppliedMarker;
      marker.position = partitioned(marker.position, keys.partitions.of(found.subject));
      return put(found.subject, id, JSON.stringify(marker));
    }
    if (collection === HELD_COLLECTION) {
      const held = JSON.parse(value) as HeldEvent;
      const route = routeOf(held.entry.event);
      held.member = heldMember(held.heldAt, route, held.key);
      held.entry.position = partitioned(held.entry.position, keys.partitions.of(route));
      return put(route, id, JSON.stringify(held));
    }
    if (collection === OWNERS) return put(id.slice(id.indexOf('|') + 1), id, value);
    if (collection === FACTS) {
      // A fact keeps its event's log position: that of the event's own partition, when the log still has it.
      const fact = JSON.parse(value) as Fact;
      const event = byKey.get(fact.key);
      if (event) fact.position = partitioned(fact.position, keys.partitions.of(event.subject));
      return put(fromKeyPart(id.slice(0, id.indexOf('|'))), id, JSON.stringify(fact));
    }
    return put(id, id, value);
  });
}

async function copyIndex(
  redis: Redis,
  writer: Writer,
  key: string,
  namespace: string,
  name: string,
  keys: RedisKeys,
  report: MigrationReport,
  prefix: string,
): Promise<void> {
  const whole = namespace in WHOLE_NAMESPACES;
  const at = (route: string) => (whole ? keys.inNamespace(namespace) : keys.in(keys.partitions.of(route))).index(namespace, name);
  // Held events: the time-ordered index names the route in its members now; the record says which it is.
  const heldRecords = name === HELD_ALL ? `${prefix}:${namespace}:doc:${HELD_COLLECTION}` : null;
  const waiting = /^held:[^:]+:([^:]+)$/.exec(name);
  for (let cursor = '0'; ;) {
    const [next, flat] = await redis.zscan(key, cursor, 'COUNT', PAGE);
    const members = flat.filter((_, i) => i % 2 === 0);
    let records: (string | null)[] = [];
    if (heldRecords && members.length > 0) records = await redis.hmget(heldRecords, ...members.map((m) => m.slice(m.indexOf('|') + 1)));
    members.forEach((member, i) => {
      let route = member;
      let entry = member;
      if (whole) route = namespace;
      else if (heldRecords) {
        const record = records[i];
        if (record === null) return void report.heldMembersDropped++;
        const held = JSON.parse(record) as HeldEvent;
        route = routeOf(held.entry.event);
        entry = heldMember(held.heldAt, route, held.key);
      } else if (waiting) route = fromKeyPart(waiting[1]);
      else if (name.startsWith(TIMELINE)) route = fromKeyPart(name.slice(TIMELINE.length));
      report.indexEntries++;
      writer.add((p) => p.zadd(at(route), 0, entry));
    });
    await writer.flush();
    if (next === '0') break;
    cursor = next;
  }
}

/** A position of the old log (`positionOf(stream id)`) as one of the partitioned log. */
function partitioned(position: string, partition: number): string {
  return position.includes('@') ? position : partitionedPositionOf(streamIdOf(position), partition);
}

async function copyHash(
  redis: Redis,
  writer: Writer,
  key: string,
  map: (field: string, value: string) => { key: string; field: string; value: string } | null,
): Promise<void> {
  const ttl = await redis.pttl(key);
  const written = new Set<string>();
  for (let cursor = '0'; ;) {
    const [next, flat] = await redis.hscan(key, cursor, 'COUNT', PAGE);
    for (let i = 0; i < flat.length; i += 2) {
      const target = map(flat[i], flat[i + 1]);
      if (!target) continue;
      written.add(target.key);
      writer.add((p) => p.hset(target.key, target.field, target.value));
    }
    await writer.flush();
    if (next === '0') break;
    cursor = next;
  }
  if (ttl > 0) for (const at of written) await redis.pexpire(at, ttl);
}

/** Writes sent in pipelines of at most PAGE commands; any refused command stops the migration. */
class Writer {
  private pending: ((p: ChainableCommander) => unknown)[] = [];
  constructor(private readonly redis: Redis) {}

  add(command: (p: ChainableCommander) => unknown): void {
    this.pending.push(command);
  }

  async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, PAGE);
      const pipeline = this.redis.pipeline();
      for (const command of batch) command(pipeline);
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([error]) => error);
      if (failed) throw failed[0] as Error;
    }
  }
}

async function scan(redis: Redis, match: string): Promise<string[]> {
  const found = new Set<string>();
  for (let cursor = '0'; ;) {
    const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', PAGE);
    for (const key of batch) found.add(key);
    if (next === '0') break;
    cursor = next;
  }
  return [...found].sort();
}

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
