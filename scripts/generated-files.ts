import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A file generated from the code: where it goes and what it must hold. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** A file's text, or '' when it does not exist (missing counts as out of date). */
export function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Writes each generated file that differs from what is on disk, or with `check` writes nothing and
 * names each one that is out of date. Returns the exit code: 1 when checking found stale files.
 */
export function syncGenerated(files: readonly GeneratedFile[], check: boolean, command: string): number {
  let stale = 0;
  for (const file of files) {
    const name = path.relative(process.cwd(), file.path);
    const current = readOrEmpty(file.path) === file.content;
    if (!current) stale++;
    if (check) {
      if (!current) process.stderr.write(`${name} is out of date: run \`${command}\`\n`);
      continue;
    }
    if (!current) {
      mkdirSync(path.dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.content);
    }
    process.stdout.write(`${current ? 'unchanged' : 'wrote'} ${name}\n`);
  }
  return check && stale > 0 ? 1 : 0;
}
