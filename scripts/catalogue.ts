import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalogueFiles } from './catalogue/files';
import { parseCli } from './cli';

const USAGE = `Writes the event catalogue, generated from lib/events/types.ts and lib/events/data-specs.ts:
docs/asyncapi.yaml (AsyncAPI 3.0) and docs/event-catalogue.md.

usage: npm run catalogue [-- --check]

  --check   write nothing; exit 1 when a committed file differs from what the code says`;

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // Missing counts as out of date.
  }
}

/** `npm run catalogue` after adding or changing an event type or its data spec. */
function main(): number {
  const check = parseCli(USAGE, { check: { type: 'boolean', default: false } }).check === true;
  let stale = 0;
  for (const file of catalogueFiles()) {
    const name = path.relative(process.cwd(), file.path);
    const current = read(file.path) === file.content;
    if (check) {
      if (!current) process.stderr.write(`${name} is out of date: run \`npm run catalogue\`\n`);
    } else {
      if (!current) writeFileSync(file.path, file.content);
      process.stdout.write(`${current ? 'unchanged' : 'wrote'} ${name}\n`);
    }
    if (!current) stale++;
  }
  return check && stale > 0 ? 1 : 0;
}

process.exitCode = main();
