import { runProcess } from '../../lib/server/run-process';
import { start } from './server';

runProcess('warehouse', (config, runtime, logger) =>
  start({ runtime, logger, host: config.host, port: config.subgraphPorts.warehouse }),
);
