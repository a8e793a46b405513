import type { SourceSystem } from '../../../lib/events/types';

/** A disagreement between systems about one shipment, as `Shipment.discrepancies` shows it. */
export interface Discrepancy {
  code: string;
  message: string;
  systems: SourceSystem[];
}
