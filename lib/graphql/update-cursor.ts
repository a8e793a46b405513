import { decodeCursor, encodeCursor } from './cursor';

/**
 * The cursor of a subscription update, shared by the transport subgraph (which writes it) and the
 * gateway (which orders and deduplicates updates by it). An update is identified by the log position of its event and the shipment it changed (one
 * order cancellation changes several shipments at one position). Ids order like the log.
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
