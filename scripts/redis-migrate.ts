import { loadConfig } from '../lib/config';
import { silentLogger } from '../lib/logger';
import { connectRedis } from '../lib/redis/connect';
import { parseCli } from './cli';
import { MigrationRefused, migrateToPartitioned } from './redis-migrate/migrate';

const USAGE = `Moves a single-node deployment's data (the layout before issue 18: one event stream, one hash per
collection) into the partitioned layout, on the same Redis (docs/operations.md, "Moving to the partitioned layout").

usage: REDIS_URL=redis://… [LADING_REDIS_PREFIX=lading] [LADING_LOG_PARTITIONS=16] npm run redis:migrate -- [--delete-old]

  --delete-old  delete the old layout's keys once the new one is recorded (default: keep them, so a
                failed migration can be run again); on a deployment migrated earlier, deletes only them

Run it with every service stopped, after every consumer group has handled the whole log: it refuses
otherwise, and when the partitioned layout is recorded already (<prefix>:layout exists, without --delete-old).`;

async function main(): Promise<void> {
  const values = parseCli(USAGE, { 'delete-old': { type: 'boolean', default: false } });
  const config = loadConfig();
  if (!config.redisUrl)
    throw new Error('REDIS_URL is not set: name the Redis node that holds the deployment to migrate (REDIS_CLUSTER_NODES is not a source)');
  const redis = await connectRedis(config.redisUrl, { name: 'lading-migrate', logger: silentLogger });
  try {
    const report = await migrateToPartitioned(redis, {
      prefix: config.redisPrefix,
      partitions: config.logPartitions,
      deleteOld: values['delete-old'],
    });
    process.stdout.write(`${JSON.stringify({ prefix: config.redisPrefix, partitions: config.logPartitions, ...report }, null, 2)}\n`);
    if (report.markersDropped > 0 || report.dedupDropped > 0)
      process.stdout.write(
        `note: ${report.markersDropped} applied markers and ${report.dedupDropped} deduplication entries were dropped: ` +
          'their events were no longer in the log (trimmed past retention), so their aggregate is unknown\n',
      );
  } finally {
    redis.disconnect();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`redis:migrate: ${error.message}\n`);
  process.exit(error instanceof MigrationRefused ? 2 : 1);
});
