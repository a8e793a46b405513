import { subscriptionBench } from './subscriptions';
import { tenantBench } from './tenants';

/** Benchmarks by name; `npm run bench -- <name>` runs one, `npm run bench` every one in turn. */
const BENCHES: Record<string, () => Promise<void>> = {
  subscriptions: subscriptionBench,
  tenants: tenantBench,
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  for (const name of names.length > 0 ? names : Object.keys(BENCHES)) await BENCHES[name]();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
