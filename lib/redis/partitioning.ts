/** Redis Cluster's hash slots: a key's slot is CRC16 of its hash tag (the text between `{` and `}`) mod this. */
export const CLUSTER_SLOTS = 16_384;
/** The most partitions a deployment may have: each needs a slot-balanced tag, found by search at start. */
export const MAX_PARTITIONS = 1_024;

/**
 * How keys are spread over Redis: `count` partitions, each a hash tag (one slot), and what lives in
 * which. Everything about one aggregate (its log entries, deduplication, held events, applied
 * markers and every subgraph's documents about it) is in the partition of its route (the aggregate
 * id), so each atomic step is one script on one slot. A single Redis is the one-shard case of the
 * same layout: the tags are there, and harmless.
 */
export interface Partitioning {
  readonly count: number;
  /** The partition of a route (an aggregate id), stable for ever for a given count. */
  of(route: string): number;
  /** The hash tag (braces included) of partition `n`. */
  tag(n: number): string;
}

/**
 * FNV-1a over the route's UTF-16 code units: cheap, stable across processes and versions (it is
 * part of the stored layout: changing it moves every aggregate).
 */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Each partition's tag is chosen so that its slot falls in the partition's own stretch of the
 * slot range (partition n of P in slots [n·16384/P, (n+1)·16384/P)): a cluster whose masters serve
 * contiguous, even slot ranges (what `redis-cli --cluster create` makes) then holds an even share of
 * partitions, instead of what 16 random slots happen to give.
 */
function balancedTag(n: number, count: number): string {
  const low = Math.floor((n * CLUSTER_SLOTS) / count);
  const high = Math.floor(((n + 1) * CLUSTER_SLOTS) / count);
  for (let k = 0; ; k++) {
    const body = `p${n}.${k}`;
    const slot = slotOf(body);
    if (slot >= low && slot < high) return `{${body}}`;
  }
}

const tagCache = new Map<number, readonly string[]>();

export function partitioning(count: number): Partitioning {
  if (!Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS)
    throw new Error(`a partition count is a whole number from 1 to ${MAX_PARTITIONS}, not ${count}`);
  let tags = tagCache.get(count);
  if (!tags) tagCache.set(count, (tags = Array.from({ length: count }, (_, n) => balancedTag(n, count))));
  const all = tags;
  return {
    count,
    of: (route) => (count === 1 ? 0 : fnv1a(route) % count),
    tag: (n) => all[n],
  };
}

/** CRC16-CCITT (XMODEM), the checksum Redis Cluster hashes keys with. */
const CRC_TABLE = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  return crc;
});

/** The slot of a key, as Redis Cluster computes it: of the hash tag when the key has a non-empty one. */
export function slotOf(key: string): number {
  let bytes = Buffer.from(key, 'utf8');
  const open = bytes.indexOf(0x7b);
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) bytes = bytes.subarray(open + 1, close);
  }
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ b) & 0xff];
  return crc % CLUSTER_SLOTS;
}
