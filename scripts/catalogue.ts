import { catalogueFiles } from './catalogue/files';
import { parseCli } from './cli';
import { syncGenerated } from './generated-files';

const USAGE = `Writes the event catalogue, generated from lib/events/types.ts and lib/events/data-specs.ts:
docs/asyncapi.yaml (AsyncAPI 3.0) and docs/event-catalogue.md.

usage: npm run catalogue [-- --check]

  --check   write nothing; exit 1 when a committed file differs from what the code says`;

/** `npm run catalogue` after adding or changing an event type or its data spec. */
function main(): number {
  const check = parseCli(USAGE, { check: { type: 'boolean', default: false } }).check === true;
  return syncGenerated(catalogueFiles(), check, 'npm run catalogue');
}

process.exitCode = main();
