import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { ingestScenarios } from './ingest-scenarios';

ingestScenarios('embedded memory runtime', async () => createMemoryRuntime(silentLogger));
