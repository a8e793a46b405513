import type { CanonicalEvent } from '../lib/events/types';
import { EventType } from '../lib/events/types';
import { CARRIERS, CITIES, SOURCES } from './catalogue';
import type { Random } from './random';

/** The statuses the demo builds shipments to reach (every ShipmentStatus of docs/contract.md §6). */
export const DEMO_STATUSES = [
  'ORDERED',
  'PROCESSING',
  'READY_TO_SHIP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'AVAILABLE_FOR_PICKUP',
  'DELIVERED',
  'RETURNING',
  'RETURNED',
  'CANCELLED',
  'LOST',
] as const;
export type DemoStatus = (typeof DEMO_STATUSES)[number];

/** How far along the normal lifecycle each target goes (CANCELLED stops early, LOST in transit). */
const STEPS_FOR: Record<DemoStatus, number> = {
  ORDERED: 0,
  PROCESSING: 2,
  READY_TO_SHIP: 4,
  IN_TRANSIT: 6,
  OUT_FOR_DELIVERY: 7,
  AVAILABLE_FOR_PICKUP: 7,
  DELIVERED: 8,
  RETURNING: 8,
  RETURNED: 8,
  CANCELLED: 1,
  LOST: 6,
};

export interface ShipmentPlan {
  id: string;
  orderId: string;
  warehouseId: string;
  target: DemoStatus;
  /** Delivered in the TMS without the WMS ever loading it (a discrepancy on purpose). */
  skipLoad?: boolean;
}

/** Builds one shipment's events after its release, each a little later than the one before. */
export class Lifecycle {
  readonly events: CanonicalEvent[] = [];
  private clock: number;

  constructor(
    private readonly rng: Random,
    private readonly plan: ShipmentPlan,
    start: number,
    private readonly nextId: () => string,
  ) {
    this.clock = start;
  }

  private emit(type: EventType, data: Record<string, unknown>, source: string): CanonicalEvent {
    this.clock += this.rng.int(20, 600) * 60_000;
    const event: CanonicalEvent = {
      specversion: '1.0',
      id: this.nextId(),
      source,
      type,
      time: new Date(this.clock).toISOString(),
      subject: this.plan.id,
      data,
    };
    this.events.push(event);
    return event;
  }

  build(): CanonicalEvent[] {
    const { rng, plan } = this;
    const steps = STEPS_FOR[plan.target];
    const wms = SOURCES.wms(plan.warehouseId);
    const carrier = rng.pick(CARRIERS);
    const rated = { amount: `${rng.int(150, 2400)}.${rng.pick(['00', '50', '75'])}`, currency: rng.pick(['EUR', 'USD']) };
    const where = () => ({ location: rng.pick(CITIES) });
    if (steps >= 1)
      this.emit(
        EventType.PickConfirmed,
        { warehouseId: plan.warehouseId, lines: [{ sku: 'SKU-1001', quantity: 4, shortQuantity: rng.chance(0.1) ? 1 : 0 }] },
        wms,
      );
    if (steps >= 2)
      this.emit(
        EventType.PackConfirmed,
        { packages: [{ id: `PKG-${plan.id}-1`, sscc: `00${rng.int(100000000, 999999999)}00000000`, weightKg: rng.int(5, 900) }] },
        wms,
      );
    if (steps >= 3 && !plan.skipLoad)
      this.emit(
        EventType.ShipmentLoaded,
        { trailer: `TRL-${rng.int(100, 999)}`, seal: `SEAL-${rng.int(1000, 9999)}`, bol: `BOL-${plan.id}` },
        wms,
      );
    if (steps >= 4) {
      this.emit(
        EventType.ShipmentTendered,
        {
          carrier: { scac: carrier.scac, name: carrier.name },
          mode: carrier.mode,
          trackingNumber: `${carrier.scac}${rng.int(10000000, 99999999)}`,
          ratedCost: rated,
        },
        SOURCES.tms,
      );
      this.emit(EventType.TenderAccepted, {}, SOURCES.tms);
    }
    if (steps >= 5) this.emit(EventType.PickedUp, where(), SOURCES.tms);
    if (steps >= 6) {
      this.emit(EventType.InTransit, where(), SOURCES.tms);
      this.emit(EventType.EtaUpdated, { eta: new Date(this.clock + 2 * 86_400_000).toISOString() }, SOURCES.tms);
      this.exceptions();
    }
    if (plan.target === 'LOST')
      this.emit(
        EventType.ExceptionRaised,
        { exceptionId: `EXC-${plan.id}-L`, reasonCode: 'LOST', customerActionRequired: false, message: 'Freight cannot be located' },
        SOURCES.tms,
      );
    if (steps >= 7) this.emit(EventType.OutForDelivery, where(), SOURCES.tms);
    if (steps >= 7 && rng.chance(0.2))
      this.emit(EventType.DeliveryAttempted, { reasonCode: rng.pick(['RECIPIENT_UNAVAILABLE', 'BUSINESS_CLOSED']) }, SOURCES.tms);
    if (plan.target === 'AVAILABLE_FOR_PICKUP') this.emit(EventType.AvailableForPickup, where(), SOURCES.tms);
    if (steps >= 8)
      this.emit(
        EventType.Delivered,
        { signedBy: rng.pick(['J. Jansen', 'M. Rossi', 'A. Nowak']), podReference: `POD-${plan.id}`, ...where() },
        SOURCES.tms,
      );
    if (plan.target === 'RETURNING' || plan.target === 'RETURNED')
      this.emit(EventType.ReturnStarted, { reasonCode: 'REFUSED' }, SOURCES.tms);
    if (plan.target === 'RETURNED') this.emit(EventType.Returned, where(), SOURCES.tms);
    if (plan.target === 'DELIVERED') this.billing(rated);
    return this.events;
  }

  private exceptions(): void {
    if (!this.rng.chance(0.25)) return;
    const id = `EXC-${this.plan.id}-1`;
    const reasonCode = this.rng.pick(['WEATHER', 'CUSTOMS_HOLD', 'ADDRESS_INCORRECT', 'MECHANICAL_BREAKDOWN']);
    this.emit(
      EventType.ExceptionRaised,
      {
        exceptionId: id,
        reasonCode,
        customerActionRequired: reasonCode === 'ADDRESS_INCORRECT',
        message: `Delayed: ${reasonCode.toLowerCase().replace('_', ' ')}`,
      },
      SOURCES.tms,
    );
    if (this.rng.chance(0.5)) this.emit(EventType.ExceptionResolved, { exceptionId: id }, SOURCES.tms);
  }

  private billing(rated: { amount: string; currency: string }): void {
    if (this.rng.chance(0.3)) {
      this.emit(
        EventType.ChargeRecorded,
        {
          chargeId: `CHG-${this.plan.id}-FSC`,
          type: 'FUEL_SURCHARGE',
          amount: { amount: '42.10', currency: rated.currency },
          stage: 'ACCRUED',
        },
        SOURCES.finance,
      );
    }
    if (!this.rng.chance(0.5)) return;
    const invoiceNumber = `INV-${this.plan.id.slice(4)}`;
    this.emit(EventType.InvoiceApproved, { invoiceNumber, total: rated }, SOURCES.finance);
    if (this.rng.chance(0.7)) this.emit(EventType.InvoicePosted, { invoiceNumber }, SOURCES.finance);
    if (this.rng.chance(0.5)) this.emit(EventType.PaymentReceived, { invoiceNumber }, SOURCES.finance);
  }
}
