import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisClient } from './client';

/** The Lua scripts Lading runs, loaded from `scripts/` beside this file (never the working directory). */
const SCRIPTS = {
  ladingCommit: 'commit.lua',
  ladingAppendUnique: 'append-unique.lua',
  ladingTokenBucket: 'token-bucket.lua',
  ladingLease: 'lease.lua',
} as const;

type ScriptName = keyof typeof SCRIPTS;

const sources = new Map<ScriptName, { lua: string; sha: string }>();

function source(name: ScriptName): { lua: string; sha: string } {
  let script = sources.get(name);
  if (script === undefined) {
    const lua = readFileSync(join(__dirname, 'scripts', SCRIPTS[name]), 'utf8');
    sources.set(name, (script = { lua, sha: createHash('sha1').update(lua).digest('hex') }));
  }
  return script;
}

/**
 * Runs a script by name: EVALSHA, and EVAL when Redis does not have it yet (it keeps it then).
 * Plain EVALSHA/EVAL rather than ioredis' defineCommand, because those join the connection's
 * automatic pipelines cleanly, where defined commands break them.
 */
export async function runScript(redis: RedisClient, name: ScriptName, keys: readonly string[], args: readonly string[]): Promise<unknown> {
  const { lua, sha } = source(name);
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(lua, keys.length, ...keys, ...args);
  }
}
