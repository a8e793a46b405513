import type { EventHandler, EventHandlers } from '../../lib/events/applier';
import type { ShipmentRef } from '../../lib/events/directory';
import type { Fold } from '../../lib/events/fold';
import { EventType } from '../../lib/events/types';
import { fulfillmentReleased, packConfirmed, pickConfirmed, shipmentLoaded } from './domain/fulfillment-fold';
import { inventoryAdjusted } from './domain/inventory-fold';
import type { FulfillmentRecord, InventoryPosition } from './domain/records';
import { FULFILLMENTS, INVENTORY, SHIPMENT_REFS } from './store/keys';

/** A handler for a fulfillment step: load the shipment's fulfillment, fold the event in, store it. */
function fulfillmentStep<T extends EventType>(fold: Fold<FulfillmentRecord, T>): EventHandler<T> {
  return async ({ uow, event }) => {
    uow.put(FULFILLMENTS, event.subject, fold(await uow.get<FulfillmentRecord>(FULFILLMENTS, event.subject), event));
  };
}

/** How the WMS subgraph's state changes: the rules are the folds in domain/. */
export const warehouseHandlers: EventHandlers = {
  async [EventType.OrderReleased]({ uow, event }) {
    const ids = event.data.shipments.map((s) => s.id);
    const [refs, records] = await Promise.all([
      uow.getMany<ShipmentRef>(SHIPMENT_REFS, ids),
      uow.getMany<FulfillmentRecord>(FULFILLMENTS, ids),
    ]);
    refs.forEach((ref, i) => {
      if (!ref) return;
      const record = fulfillmentReleased(records[i], ref);
      if (record !== records[i]) uow.put(FULFILLMENTS, ref.id, record);
    });
  },
  [EventType.PickConfirmed]: fulfillmentStep(pickConfirmed),
  [EventType.PackConfirmed]: fulfillmentStep(packConfirmed),
  [EventType.ShipmentLoaded]: fulfillmentStep(shipmentLoaded),
  async [EventType.InventoryAdjusted]({ uow, event }) {
    uow.put(INVENTORY, event.subject, inventoryAdjusted(await uow.get<InventoryPosition>(INVENTORY, event.subject), event));
  },
};
