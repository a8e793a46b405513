import { SLA_SETTINGS, WEBHOOK_SETTINGS } from './background-settings';
import { LIVE_SETTINGS, QUERY_SETTINGS, RATE_SETTINGS, SUBGRAPH_CALL_SETTINGS } from './gateway-settings';
import { DEVELOPMENT_SETTINGS, TELEMETRY_SETTINGS } from './observability-settings';
import { EVENT_SETTINGS, IDENTITY_SETTINGS, PROCESS_SETTINGS, REDIS_SETTINGS } from './service-settings';
import type { SettingValue } from './setting';

/**
 * Every setting Lading reads, by its environment name: the one place a default is written. The
 * configuration reference (README, docs/configuration.md) is generated from it: `npm run config-docs`.
 */
export const SETTINGS = {
  ...PROCESS_SETTINGS,
  ...REDIS_SETTINGS,
  ...IDENTITY_SETTINGS,
  ...EVENT_SETTINGS,
  ...QUERY_SETTINGS,
  ...RATE_SETTINGS,
  ...LIVE_SETTINGS,
  ...SUBGRAPH_CALL_SETTINGS,
  ...WEBHOOK_SETTINGS,
  ...SLA_SETTINGS,
  ...TELEMETRY_SETTINGS,
  ...DEVELOPMENT_SETTINGS,
};

export type SettingName = keyof typeof SETTINGS;
/** Each setting's parsed value; undefined for an optional one left unset. */
export type SettingValues = { [K in SettingName]: SettingValue<(typeof SETTINGS)[K]> };
