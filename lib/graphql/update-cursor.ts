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

/** The update id a client's `after` cursor stands for; BAD_USER_INPUT when it is not one of ours. */
export function decodeUpdateCursor(cursor: string): { id: string; position: string } {
  const id = decodeCursor(cursor);
  return { id, position: id.slice(0, id.indexOf(':')) };
}
