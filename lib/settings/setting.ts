import type { SettingKind } from './kinds';

/** Sections of the configuration reference, in the order it lists them. */
export const SETTING_GROUPS = {
  process: 'Processes and ports',
  redis: 'Redis',
  identity: 'Identity and trust',
  events: 'Events',
  queries: 'Queries',
  rate: 'Rate limits',
  live: 'Subscriptions',
  subgraphs: 'Calls to subgraphs',
  webhooks: 'Webhooks',
  sla: 'SLA rules',
  telemetry: 'Tracing (OpenTelemetry)',
  development: 'Development and conformance',
} as const;
export type SettingGroup = keyof typeof SETTING_GROUPS;

/**
 * One setting, described once: how it is parsed, its default, what it does. Its name is its key in
 * SETTINGS. The default is written as an operator would write it and parsed like the environment, so
 * the reference can print it verbatim and it can never disagree with what the code uses.
 */
export interface Setting<V> {
  kind: SettingKind<NonNullable<V>>;
  /** The default text; undefined: the setting may stay unset, `unset` says what that means. */
  default: string | undefined;
  /** What an unset optional setting means, e.g. "in-memory mode". */
  unset?: string;
  group: SettingGroup;
  /** One line: what it does, and why one would change it. */
  doc: string;
  /** In the README's short table as well as in docs/configuration.md. */
  main: boolean;
}

export type SettingValue<S> = S extends Setting<infer V> ? V : never;

interface Described {
  group: SettingGroup;
  doc: string;
  main?: boolean;
}

/** A setting that always has a value: `byDefault` when unset or empty. */
export function setting<T>(kind: SettingKind<T & {}>, byDefault: string, described: Described): Setting<T> {
  return { kind, default: byDefault, ...described, main: described.main ?? false };
}

/** A setting that may stay unset (undefined); `unset` says what Lading does then. */
export function optional<T>(kind: SettingKind<T & {}>, unset: string, described: Described): Setting<T | undefined> {
  return { kind, default: undefined, unset, ...described, main: described.main ?? false };
}
