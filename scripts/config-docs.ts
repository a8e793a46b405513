import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCli } from './cli';
import { configDocFiles } from './config-docs/files';

const USAGE = `Writes the configuration reference, generated from lib/settings: docs/configuration.md (every
setting) and the table in README.md's "Configuration" section (the main ones).

usage: npm run config-docs [-- --check]

  --check   write nothing; exit 1 when a committed file differs from what lib/settings says`;

/** `npm run config-docs` after adding or changing a setting. */
function main(): number {
  const check = parseCli(USAGE, { check: { type: 'boolean', default: false } }).check === true;
  let stale = 0;
  for (const file of configDocFiles()) {
    const name = path.relative(process.cwd(), file.path);
    const current = file.committed === file.content;
    if (check) {
      if (!current) process.stderr.write(`${name} is out of date: run \`npm run config-docs\`\n`);
    } else {
      if (!current) writeFileSync(file.path, file.content);
      process.stdout.write(`${current ? 'unchanged' : 'wrote'} ${name}\n`);
    }
    if (!current) stale++;
  }
  return check && stale > 0 ? 1 : 0;
}

process.exitCode = main();
