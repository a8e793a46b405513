import type { SettingName, SettingValues } from './catalogue';
import { SETTINGS } from './catalogue';
import { ConfigError } from './config-error';
import type { Setting } from './setting';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Every setting parsed from `env` (unset or blank: its default). All bad values are reported at once,
 * each naming the setting and what it accepts, so one failed start shows everything to fix.
 */
export function readSettings(env: Environment): SettingValues {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(SETTINGS) as [SettingName, Setting<unknown>][]) {
    const raw = env[name];
    const text = raw === undefined || raw.trim() === '' ? setting.default : raw;
    if (text === undefined) continue;
    try {
      values[name] = setting.kind.parse(text);
    } catch {
      problems.push(`${name} must be ${setting.kind.accepts}, got "${text}"`);
    }
  }
  if (problems.length === 1) throw new ConfigError(problems[0]);
  if (problems.length > 1) throw new ConfigError(`${problems.length} settings are not accepted: ${problems.join('; ')}`);
  return values as SettingValues;
}

/** `LADING_<NAME>_URL` of any subgraph: another supergraph's subgraphs have names of their own. */
export const SUBGRAPH_URL = /^LADING_([A-Z0-9_]+)_URL$/;

/** `LADING_*` variables Lading does not know: most likely a misspelt setting, which would silently keep its default. */
export function unknownSettings(env: Environment): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('LADING_') && !(name in SETTINGS) && !SUBGRAPH_URL.test(name))
    .sort();
}

/** Each setting's default value: what a module uses when a caller (a test) leaves an option out. */
export const DEFAULTS: SettingValues = readSettings({});
