import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a script's command line strictly: `--help`/`-h` prints `usage` and exits 0 before the
 * script does anything; an unknown or malformed option exits 2 naming it, so a typo never runs
 * the script with its defaults.
 */
export function parseCli<O extends Options>(
  usage: string,
  options: O,
): ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'] {
  const withHelp = { ...options, help: { type: 'boolean', short: 'h' } } as O;
  let parsed;
  try {
    parsed = parseArgs({ options: withHelp, strict: true, allowPositionals: false });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage.trimEnd()}\n`);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage.trimEnd()}\n`);
    process.exit(0);
  }
  return parsed.values;
}
