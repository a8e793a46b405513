import { LadingConfig } from '../config';
import { IngestObserver } from '../events/ingest';
import { Logger } from '../logger';
import { createMemoryRuntime } from './memory-runtime';
import { Runtime } from './runtime';

/** Redis when `REDIS_URL` is set, else the embedded in-memory mode. */
export async function createRuntime(config: LadingConfig, logger: Logger, observe?: IngestObserver): Promise<Runtime> {
  return createMemoryRuntime(logger, { holdTtlMs: config.holdTtlMs, observe });
}
