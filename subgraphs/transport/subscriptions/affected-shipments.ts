import { typedEvent } from '../../../lib/events/event-data';
import type { LoggedEvent } from '../../../lib/events/types';
import { EventType, aggregateKindOf } from '../../../lib/events/types';
import type { DocumentStore } from '../../../lib/store/document-store';
import { shipmentIndex } from '../store/keys';

/** The shipments whose projection a log entry changes. */
export async function affectedShipments(entry: LoggedEvent, documents: DocumentStore): Promise<string[]> {
  const event = typedEvent(entry.event);
  if (event.type === EventType.OrderReleased) return event.data.shipments.map((s) => s.id);
  if (event.type === EventType.OrderCancelled) return documents.range(shipmentIndex.ofOrder(event.subject), { first: 10_000 });
  return aggregateKindOf(event.type) === 'shipment' ? [event.subject] : [];
}
