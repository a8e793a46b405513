import { subscriptionBench } from './subscriptions';

/** `npm run bench [-- name]`: every benchmark in turn, or the one named; each prints its own numbers. */
const BENCHES: Record<string, () => Promise<void>> = { subscriptions: subscriptionBench };

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  for (const name of names) if (!BENCHES[name]) throw new Error(`unknown benchmark "${name}": one of ${Object.keys(BENCHES).join(', ')}`);
  for (const name of names.length ? names : Object.keys(BENCHES)) await BENCHES[name]();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
