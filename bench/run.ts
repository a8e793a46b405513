import { ingestBench } from './ingest';
import { subscriptionBench } from './subscriptions';

/** `npm run bench -- <name>` runs one benchmark, `npm run bench` every one in turn; each prints its own numbers. */
const BENCHES: Record<string, () => Promise<void>> = {
  subscriptions: subscriptionBench,
  ingest: ingestBench,
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  for (const name of names) if (!BENCHES[name]) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
  for (const name of names.length > 0 ? names : Object.keys(BENCHES)) await BENCHES[name]();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
