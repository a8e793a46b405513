import type { SlaRules } from '../../../lib/governance';
import { dueBreaches } from './sla-signs';
import type { Discrepancy } from './discrepancy';
import type { ShipmentProjection } from './shipment-projection';

/**
 * A shipment's discrepancies as of `now`: those its facts derive, and the SLA breaches already due
 * whose breach event the scheduler has not recorded yet, so a rep never sees a late shipment as on
 * time between two sweeps. Recording adds the same code once (the breach's clock start is its identity).
 */
export function discrepanciesAt(shipment: Pick<ShipmentProjection, 'fold' | 'derived'>, now: number, rules: SlaRules): Discrepancy[] {
  const signs = shipment.fold.signs.sla;
  const due = signs ? dueBreaches(signs, shipment.derived.status, now, rules) : [];
  return [...shipment.derived.discrepancies, ...due.map(({ code, message, systems }) => ({ code, message, systems }))];
}
