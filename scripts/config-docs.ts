import { parseCli } from './cli';
import { syncGenerated } from './generated-files';
import { configDocFiles } from './config-docs/files';

const USAGE = `Writes the configuration reference, generated from lib/settings: docs/configuration.md (every
setting) and the table in README.md's "Configuration" section (the main ones).

usage: npm run config-docs [-- --check]

  --check   write nothing; exit 1 when a committed file differs from what lib/settings says`;

/** `npm run config-docs` after adding or changing a setting. */
function main(): number {
  const check = parseCli(USAGE, { check: { type: 'boolean', default: false } }).check === true;
  return syncGenerated(configDocFiles(), check, 'npm run config-docs');
}

process.exitCode = main();
