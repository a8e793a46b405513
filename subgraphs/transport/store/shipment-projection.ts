import { ShipmentRef } from '../../../lib/events/directory';
import { DerivedShipment } from '../projection/derive';
import { Fact } from '../projection/fact';

/** What the transport subgraph stores per shipment: its facts from every system and what they derive to. */
export interface ShipmentProjection extends ShipmentRef {
  facts: Fact[];
  derived: DerivedShipment;
}

/** Shipment ids a reference (shipment number, tracking number, order number) points to. */
export interface ReferenceEntry {
  shipmentIds: string[];
}
