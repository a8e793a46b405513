import type { Stamped } from '../../../lib/changes/change-stream';
import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import { encodeUpdateCursor } from '../../../lib/graphql/update-cursor';

/**
 * The delivery body: the `ShipmentUpdate` shape of the subscription (cursor, milestone, shipment),
 * with the shipment's transport-owned fields as they stood once the change was committed, all
 * from the change-stream record. The cursor is the subscription's, so a receiver can resume a
 * graphql-ws subscription from it.
 */
export function updateBody(change: Stamped<ShipmentChange>): string {
  const { shipment } = change;
  return JSON.stringify({
    cursor: encodeUpdateCursor(change.id, change.shipmentId),
    milestone: change.milestone,
    shipment: {
      id: shipment.id,
      number: shipment.number,
      status: shipment.status,
      statusUpdatedAt: shipment.statusUpdatedAt,
      eta: shipment.eta,
      exception: shipment.exception,
      transport: shipment.transport,
    },
  });
}
