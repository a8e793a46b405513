import type { Logger } from '../lib/logger';
import type { Runtime } from '../lib/runtime/runtime';
import { generateDemoEvents } from './generate';
import { SYSTEM_OF_RECORD_NAMES } from '../lib/subgraph-names';

/**
 * Feeds the deterministic demo events through the ingest path, exactly as `POST /events` would,
 * and waits until every subgraph has applied them, in this process or another. Loading twice only yields duplicates.
 */
export async function loadDemoData(runtime: Runtime, logger: Logger): Promise<string> {
  const events = generateDemoEvents();
  const results = await runtime.pipeline.ingestor.ingest(events);
  const count = (status: string) => results.filter((r) => r.status === status).length;
  await runtime.pipeline.idle();
  // Subgraphs may run in other processes (Redis mode): wait for their consumer groups as well.
  await Promise.all(SYSTEM_OF_RECORD_NAMES.map((name) => runtime.pipeline.log.settled(name)));
  const summary = `${events.length} demo events (${count('accepted')} accepted, ${count('duplicate')} duplicate, ${count('rejected')} rejected)`;
  logger.info('demo data loaded', {
    events: events.length,
    accepted: count('accepted'),
    duplicate: count('duplicate'),
    rejected: count('rejected'),
  });
  return summary;
}
