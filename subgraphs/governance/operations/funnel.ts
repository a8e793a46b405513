import { EventType } from '../../../lib/events/types';

/** The completion funnel (the operations page): each stage is reached when one of its event types changed the shipment. */
export const FUNNEL: readonly { stage: string; reachedBy: readonly EventType[] }[] = [
  { stage: 'ORDERED', reachedBy: [EventType.OrderReleased] },
  {
    stage: 'SHIPPED',
    reachedBy: [EventType.PickedUp, EventType.InTransit, EventType.OutForDelivery, EventType.AvailableForPickup, EventType.Delivered],
  },
  { stage: 'DELIVERED', reachedBy: [EventType.Delivered] },
  { stage: 'ACCRUED', reachedBy: [EventType.AccrualCreated] },
  { stage: 'INVOICED', reachedBy: [EventType.InvoiceApproved] },
  { stage: 'PAID', reachedBy: [EventType.PaymentReceived] },
];

/** The stages an event type reaches. */
export function stagesReachedBy(type: string): string[] {
  return FUNNEL.filter(({ reachedBy }) => (reachedBy as readonly string[]).includes(type)).map(({ stage }) => stage);
}
