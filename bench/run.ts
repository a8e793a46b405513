import { subscriptionBench } from './subscriptions';

/** `npm run bench`: every benchmark in turn; each prints its own numbers. */
async function main(): Promise<void> {
  await subscriptionBench();
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
