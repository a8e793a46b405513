/** A disagreement between systems about one shipment: a shape published on the change stream, so defined with it. */
export type { Discrepancy } from '../../../lib/changes/shipment-change';
