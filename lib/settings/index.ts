export { SETTINGS } from './catalogue';
export type { SettingName, SettingValues } from './catalogue';
export { ConfigError } from './config-error';
export { parseDurationText } from './kinds';
export type { SettingKind } from './kinds';
export { subgraphSettingName } from './per-subgraph';
export { DEFAULTS, readSettings, unknownSettings } from './read-settings';
export { SETTING_GROUPS } from './setting';
export type { Setting, SettingGroup } from './setting';
