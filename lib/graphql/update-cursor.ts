import { changeCovered, changeKeyOf } from '../changes/change-ids';
import { decodeCursor, encodeCursor } from './cursor';

/**
 * The cursor of a subscription update (and of a webhook body), shared by the transport subgraph
 * (which writes it) and the gateway (which orders and deduplicates updates by it). An update is
 * identified by the id of its change on the `shipments` change stream (lib/changes) and the
 * shipment it changed; ids order lexically, in commit order. The first part is called `position`:
 * a position on the change stream.
 */
export function updateId(position: string, shipmentId: string): string {
  return `${position}:${shipmentId}`;
}

export function encodeUpdateCursor(position: string, shipmentId: string): string {
  return encodeCursor(updateId(position, shipmentId));
}

/**
 * What an update cursor holds: `position`, the change stream cursor after the update (where to
 * resume), and `id`, the update's identity (its change's own partition and entry, and the
 * shipment), the same whichever reader stamped it; BAD_USER_INPUT when it is not one of ours.
 */
export function decodeUpdateCursor(cursor: string): { id: string; position: string } {
  const raw = decodeCursor(cursor);
  const position = raw.slice(0, raw.indexOf(':'));
  return { id: `${changeKeyOf(position)}${raw.slice(raw.indexOf(':'))}`, position };
}

/** Whether the update at `position` is at or before the update cursor `floor` (it was passed on already). */
export function updateCoveredBy(position: string, floor: string): boolean {
  return changeCovered(position, decodeUpdateCursor(floor).position);
}
