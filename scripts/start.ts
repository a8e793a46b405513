import { loadDemoData } from '../demo/load';
import { resolveSubgraphSecret } from '../lib/identity/subgraph-secret';
import { runProcess } from '../lib/server/run-process';
import { startupBanner } from '../stack/print-banner';
import { startStack } from '../stack/start-stack';
import { StartupGate } from '../lib/server/startup-gate';
import { parseCli } from './cli';

const USAGE = `Runs the gateway and the five subgraphs in one process, loads the demo data and prints
the URLs and a token per role.

usage: npm start            (no options: settings are environment variables)

  LADING_GATEWAY_PORT=4000       gateway port (subgraphs: LADING_ORDERS_PORT=4001 … LADING_GOVERNANCE_PORT=4005)
  LADING_HOST=127.0.0.1          interface to listen on (0.0.0.0 to be reachable from other machines)
  REDIS_URL=redis://…            keep state, the event log and pub/sub in Redis instead of memory
  LADING_JWT_SECRET=…            sign and check tokens with this secret (npm run token uses it too)
  LADING_DEMO_DATA=false         start empty
  LADING_LOG_LEVEL=warn          debug | info | warn | error

example: LADING_GATEWAY_PORT=4100 LADING_ORDERS_PORT=4101 npm start
All settings: README.md, "Configuration".`;

/** `npm start`: the whole layer in one process, with embedded defaults and demo data. */
// Seconds since the process started (process.uptime), so the time to ready includes loading the code.
const loaded = process.uptime();
parseCli(USAGE, {});
runProcess('lading', async (config, runtime, logger) => {
  const starting = process.uptime();
  // Servers listen at once, but answer ready only when the demo data is applied everywhere.
  const startup = new StartupGate();
  const stack = await startStack({ config, runtime, logger, subgraphSecret: resolveSubgraphSecret(config, logger), startup });
  const listening = process.uptime();
  const stats =
    config.demoData === false ? 'no demo data (LADING_DEMO_DATA=false)' : await startup.track('demo data', loadDemoData(runtime, logger));
  const ready = process.uptime();
  // Where the start-up time went, so a slow start says what to look at.
  const phases = [
    `code ${loaded.toFixed(1)} s`,
    `services ${(listening - starting).toFixed(1)} s`,
    `data ${(ready - listening).toFixed(1)} s`,
  ];
  process.stdout.write(
    await startupBanner(stack.gateway.url, config, `${stats}; ready ${ready.toFixed(1)} s after start (${phases.join(', ')})`),
  );
  return stack;
});
