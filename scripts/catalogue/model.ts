import { DATA_SPECS } from '../../lib/events/data-specs';
import type { AggregateKind, SourceSystem } from '../../lib/events/types';
import { aggregateKindOf, EventType, sourceSystemOf } from '../../lib/events/types';
import type { SystemOfRecordName } from '../../lib/subgraph-names';
import { SYSTEM_OF_RECORD_NAMES } from '../../lib/subgraph-names';
import { SUBGRAPH_HANDLERS } from '../../stack/subgraph-handlers';
import type { JsonSchema } from './data-schema';
import { schemaOfSpec } from './data-schema';

/** One canonical event type as the catalogue presents it; everything here is read from the code. */
export interface CatalogueEntry {
  /** The constant's name in `EventType`, e.g. `OrderCreated`. */
  name: string;
  type: EventType;
  system: SourceSystem;
  subject: AggregateKind;
  data: JsonSchema;
  /** Subgraphs with a handler for the type, in the order of the subgraph list. */
  appliedBy: SystemOfRecordName[];
  note?: string;
}

export const SUBJECTS: Record<AggregateKind, string> = {
  order: 'the order id (e.g. `ORD-000001`)',
  shipment: 'the shipment id (e.g. `SHP-000001`; not its number `SH-…`)',
  inventory: '`<warehouseId>/<sku>` of the data (e.g. `DC-EAST/SKU-1001`)',
};

/** What a reader cannot see in the data's shape: the rule or reaction tied to a type. Optional per type. */
const NOTES: Partial<Record<EventType, string>> = {
  [EventType.OrderReleased]: 'Creates the shipments; events about a shipment are held until it exists.',
  [EventType.ShipmentLoaded]: 'Handed over at the dock. Alone it never makes a shipment IN_TRANSIT.',
  [EventType.ShipmentTendered]: 'With a `ratedCost`, Lading records a RATED freight charge (`finance.charge.recorded`).',
  [EventType.Delivered]: 'Lading creates the freight accrual (`finance.accrual.created`).',
  [EventType.AccrualCreated]: 'Emitted by Lading itself (source `urn:lading:finance`) when a shipment is delivered.',
  [EventType.ExceptionRaised]: "Sets the shipment's open `exception`; does not change its status.",
  [EventType.CarrierInvoiceReceived]:
    'Reconciled against the accrual (else the rated cost) within 2 %: `Billing.settlementStatus`; a variance beyond is a discrepancy (docs/governance.md).',
  [EventType.CarrierSlaBreached]:
    'Emitted by Lading itself (source `urn:lading:sla`) when a carrier SLA passes; open as an `SLA_*` discrepancy until the late event arrives.',
  [EventType.FinanceSlaBreached]:
    'Emitted by Lading itself (source `urn:lading:sla`) when an accrual or invoicing SLA passes; open as an `SLA_*` discrepancy until the late event arrives.',
};

/** Every type of the `EventType` map, in its order: a type added there appears here with no other change. */
export function buildCatalogue(): CatalogueEntry[] {
  return (Object.entries(EventType) as [string, EventType][]).map(([name, type]) => {
    const entry: CatalogueEntry = {
      name,
      type,
      system: sourceSystemOf(type),
      subject: aggregateKindOf(type),
      data: schemaOfSpec(DATA_SPECS[type]),
      appliedBy: SYSTEM_OF_RECORD_NAMES.filter((s) => SUBGRAPH_HANDLERS[s][type] !== undefined),
    };
    if (NOTES[type]) entry.note = NOTES[type];
    return entry;
  });
}
