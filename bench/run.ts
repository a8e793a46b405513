import { applyBench } from './apply';
import { ingestBench } from './ingest';
import { queryBench } from './query';
import { refusalBench } from './refusals';
import { sizingBench } from './sizing';
import { subscriptionBench } from './subscriptions';
import { tenantBench } from './tenants';

/** `npm run bench [-- <name>...]`: the named benchmarks (all when none), each printing its own numbers. */
const BENCHES: Record<string, () => Promise<void>> = {
  query: queryBench,
  subscriptions: subscriptionBench,
  ingest: ingestBench,
  apply: applyBench,
  tenants: tenantBench,
  refusals: refusalBench,
  sizing: sizingBench,
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !BENCHES[name]);
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  for (const name of names.length ? names : Object.keys(BENCHES)) await BENCHES[name]();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
