import type { DocumentStore } from '../store/document-store';
import { DEFAULTS } from '../settings';
import { generationsAt } from './retention';

/**
 * Applied markers (event key → marker), in each consumer's own store: one collection per
 * retention generation, expiring as a whole (see retention.ts). They are the one record of a
 * consumer's outcome: the applier reads them to skip redelivery, the consumer answers event traces from them (through the graph), nobody
 * else writes them. Past the retention window a marker is gone, so is the trace's APPLIED step.
 */
export const appliedCollection = (generation: number) => `applied@${generation}`;

/** When an event was held before it was applied, and why. */
export interface HeldMark {
  heldAt: string;
  reason: string;
}

/** What a consumer stores, in the commit that applies an event. */
export interface AppliedMarker {
  position: string;
  appliedAt: string;
  held?: HeldMark;
}

export function appliedMarker(position: string, held?: HeldMark): AppliedMarker {
  const marker: AppliedMarker = { position, appliedAt: new Date().toISOString() };
  if (held) marker.held = held;
  return marker;
}

/**
 * The markers of several events in one consumer's store, newest generation first; null when none
 * is kept. A marker lives with its event's aggregate (`routes[i]`, the event's route: lib/events/types.ts).
 */
export async function readAppliedMarkers(
  store: DocumentStore,
  keys: readonly string[],
  routes: readonly string[],
  retentionMs = DEFAULTS.LADING_EVENT_RETENTION,
  now = Date.now(),
): Promise<(AppliedMarker | null)[]> {
  const { live } = generationsAt(now, retentionMs);
  const perGeneration = await Promise.all(live.map((g) => store.getMany<AppliedMarker>(appliedCollection(g), [...keys], routes)));
  return keys.map((_, i) => perGeneration.map((markers) => markers[i]).find((m) => m !== null) ?? null);
}
