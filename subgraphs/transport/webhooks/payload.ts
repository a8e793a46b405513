import type { LoggedEvent } from '../../../lib/events/types';
import type { Fact } from '../domain/fact';
import { milestoneOf } from '../domain/milestone';
import type { ShipmentProjection } from '../domain/shipment-projection';
import { encodeUpdateCursor } from '../../../lib/graphql/update-cursor';

/**
 * The delivery body: the `ShipmentUpdate` shape of the subscription (cursor, milestone, shipment),
 * with the shipment's transport-owned fields as they stood once the event was applied. The
 * fact is the event's, from the shipment's timeline (the projection keeps only its fold). The
 * cursor is the subscription's, so a receiver can resume a graphql-ws subscription from it.
 */
export function updateBody(entry: LoggedEvent, shipment: ShipmentProjection, fact: Fact | null): string | null {
  if (!fact) return null;
  const { derived } = shipment;
  return JSON.stringify({
    cursor: encodeUpdateCursor(entry.position, shipment.id),
    milestone: milestoneOf(fact),
    shipment: {
      id: shipment.id,
      number: shipment.number,
      status: derived.status,
      statusUpdatedAt: derived.statusUpdatedAt,
      eta: derived.eta,
      exception: derived.exception,
      transport: derived.transport,
    },
  });
}
