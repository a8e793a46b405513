import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

/** The Lua scripts Lading runs, loaded from `scripts/` beside this file (never the working directory). */
const SCRIPTS = {
  ladingCommit: 'commit.lua',
  ladingAppendUnique: 'append-unique.lua',
  ladingTokenBucket: 'token-bucket.lua',
} as const;

type ScriptName = keyof typeof SCRIPTS;

/** How ioredis exposes a command defined without a fixed number of keys: numKeys, ...keys, ...argv. */
type ScriptCommands = Record<ScriptName, (numKeys: number, ...keysAndArgs: string[]) => Promise<unknown>>;

const sources = new Map<ScriptName, string>();
const defined = new WeakSet<Redis>();

function source(name: ScriptName): string {
  let lua = sources.get(name);
  if (lua === undefined) sources.set(name, (lua = readFileSync(join(__dirname, 'scripts', SCRIPTS[name]), 'utf8')));
  return lua;
}

/** Runs a script by name; ioredis sends EVALSHA and falls back to EVAL when Redis lacks it. */
export function runScript(redis: Redis, name: ScriptName, keys: readonly string[], args: readonly string[]): Promise<unknown> {
  if (!defined.has(redis)) {
    for (const script of Object.keys(SCRIPTS) as ScriptName[]) redis.defineCommand(script, { lua: source(script) });
    defined.add(redis);
  }
  const commands = redis as unknown as ScriptCommands;
  return commands[name](keys.length, ...keys, ...args);
}
