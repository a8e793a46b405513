import { BEFORE_FIRST_CHANGE } from '../../lib/changes/change-ids';
import { ChangeStreamName } from '../../lib/changes/change-stream';
import type { ShipmentChange } from '../../lib/changes/shipment-change';
import { encodeUpdateCursor } from '../../lib/graphql/update-cursor';
import type { TestStack } from './test-stack';

/**
 * A cursor after every change committed so far: a subscription with `after` this cursor receives
 * every later update however long it takes to attach upstream, so tests need not sleep before posting.
 */
export async function headCursor(t: TestStack): Promise<string> {
  return encodeUpdateCursor((await t.runtime.changes.head(ChangeStreamName.Shipments)) ?? BEFORE_FIRST_CHANGE, '~');
}

/** The cursor of the update an event made to a shipment: that change's id on the change stream. */
export async function cursorOf(t: TestStack, eventId: string, shipmentId: string): Promise<string> {
  const changes = await t.runtime.changes.read<ShipmentChange>(ChangeStreamName.Shipments, undefined, 10_000);
  const change = changes.find((c) => c.milestone.eventId === eventId && c.shipmentId === shipmentId);
  if (!change) throw new Error(`no change of ${shipmentId} by ${eventId} on the change stream`);
  return encodeUpdateCursor(change.id, shipmentId);
}
