import { loadDemoData } from '../demo/load';
import { runGateway } from '../gateway/run-gateway';

/**
 * The gateway process docker-compose runs: the production gateway, plus the demo data when
 * `LADING_DEMO_DATA=true`. Loading twice yields only duplicates; readiness waits until every
 * subgraph (other processes) has applied it.
 */
runGateway({
  name: 'demo data',
  run: (config, runtime, logger) => (config.demoData === true ? loadDemoData(runtime, logger) : null),
});
