import type { RedisClient } from './client';
import type { RedisKeys } from './keys';

/** What the first start recorded: the layout every later start must match. */
interface RecordedLayout {
  partitions: number;
}

/**
 * Records the partition count at first start (SET NX) and refuses a start with another: the
 * partition of every aggregate follows from the count, so changing it would lose track of every
 * stored event and document (docs/redis-layout.md says how to move to another count).
 */
export async function checkLayout(redis: RedisClient, keys: RedisKeys): Promise<void> {
  const wanted: RecordedLayout = { partitions: keys.partitions.count };
  await redis.set(keys.layout, JSON.stringify(wanted), 'NX');
  const text = await redis.get(keys.layout);
  const recorded = text === null ? null : (JSON.parse(text) as Partial<RecordedLayout>);
  if (recorded?.partitions !== wanted.partitions)
    throw new Error(
      `LADING_LOG_PARTITIONS is ${wanted.partitions}, but the data under prefix "${keys.prefix}" was laid out with ` +
        `${String(recorded?.partitions)} partitions at its first start; set LADING_LOG_PARTITIONS=${String(recorded?.partitions)} ` +
        `(the count cannot change in place: see docs/redis-layout.md)`,
    );
}
