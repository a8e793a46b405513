import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';

/** Lua scripts of Lading, loaded from the files beside this module (see each file's header). */
export interface LadingScripts {
  commit(keyCount: number, ...keysAndArgs: string[]): Promise<number>;
  appendUnique(dedupKey: string, stream: string, eventKey: string, hash: string, entry: string): Promise<string[]>;
}

const SCRIPTS = { commit: 'commit.lua', appendUnique: 'append-unique.lua' } as const;
const defined = new WeakSet<Redis>();

/** Defines the scripts on a connection (once); ioredis runs them by SHA, loading on a cache miss. */
export function withScripts(redis: Redis): Redis & LadingScripts {
  if (!defined.has(redis)) {
    const lua = (file: string) => readFileSync(path.join(__dirname, 'scripts', file), 'utf8');
    redis.defineCommand('commit', { lua: lua(SCRIPTS.commit) });
    redis.defineCommand('appendUnique', { numberOfKeys: 2, lua: lua(SCRIPTS.appendUnique) });
    defined.add(redis);
  }
  return redis as Redis & LadingScripts;
}
