import type { SyncClassOverride } from '../events/sync-classes';
import { parseSyncClassOverrides } from '../events/sync-classes';
import type { SettingKind } from './kinds';

/** `LADING_SYNC_CLASSES`: the parser names the item it does not understand. */
export const syncClassOverrides: SettingKind<SyncClassOverride[]> = {
  accepts: 'comma-separated `type=class` or `source|type=class` (`*` for any type; classes realtime, near_realtime, bulk)',
  parse: parseSyncClassOverrides,
};
