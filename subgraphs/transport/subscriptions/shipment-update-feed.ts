import { changeCovered, mergeChangeIds } from '../../../lib/changes/change-ids';
import { ChangeStreamName } from '../../../lib/changes/change-stream';
import type { ChangeStreams, Stamped } from '../../../lib/changes/change-stream';
import type { ShipmentChange } from '../../../lib/changes/shipment-change';
import { NotFoundError } from '../../../lib/errors';
import { AsyncQueue } from '../../../lib/graphql/async-queue';
import { decodeUpdateCursor, encodeUpdateCursor } from '../../../lib/graphql/update-cursor';
import type { Identity } from '../../../lib/identity/identity';
import { canSeeCustomer } from '../../../lib/identity/identity';
import type { ShipmentStatus } from '../domain/status-rules';
import type { TransportStore } from '../store/transport-store';
import type { ShipmentUpdate } from './shipment-update';

const PAGE = 500;

export interface FeedRequest {
  identity: Identity;
  shipmentId?: string | null;
  after?: string | null;
}

/** The update a change stream record stands for: the shipment as committed with it, no store read. */
export function updateOf(change: Stamped<ShipmentChange>): ShipmentUpdate {
  const { shipment } = change;
  return {
    cursor: encodeUpdateCursor(change.id, change.shipmentId),
    milestone: change.milestone,
    shipment: {
      id: shipment.id,
      number: shipment.number,
      orderId: shipment.orderId,
      orderNumber: shipment.orderNumber,
      customerId: shipment.customerId,
      derived: {
        // Written by this subgraph from its own ShipmentStatus.
        status: shipment.status as ShipmentStatus,
        statusUpdatedAt: shipment.statusUpdatedAt,
        eta: shipment.eta,
        exception: shipment.exception,
        transport: shipment.transport,
        discrepancies: shipment.discrepancies,
      },
      fold: { signs: { sla: change.sla } },
    },
  };
}

/**
 * Live shipment updates for one subscriber, from the `shipments` change stream (lib/changes):
 * it follows the stream first, replays what it missed after the `after` cursor (a change id),
 * then passes on what it followed, skipping every change its cursor covers already: none twice,
 * none lost, in every partition. A cursor older than the stream's retention fails with UPDATES_MISSED.
 */
export class ShipmentUpdateFeed {
  constructor(
    private readonly changes: ChangeStreams,
    private readonly store: TransportStore,
  ) {}

  async open(request: FeedRequest): Promise<AsyncQueue<ShipmentUpdate>> {
    const { identity, shipmentId } = request;
    if (shipmentId) {
      const [shipment] = await this.store.getShipments([shipmentId]);
      if (!shipment || !canSeeCustomer(identity, shipment.customerId)) throw new NotFoundError('shipment', shipmentId);
    }
    // The change stream cursor part of the update cursor (lib/changes/change-ids.ts).
    let last = request.after ? decodeUpdateCursor(request.after).position : undefined;
    const wants = (change: ShipmentChange) =>
      canSeeCustomer(identity, change.customerId) && (!shipmentId || change.shipmentId === shipmentId);
    let stop: () => void = () => undefined;
    const queue = new AsyncQueue<ShipmentUpdate>(async () => stop());
    const pass = (change: Stamped<ShipmentChange>) => {
      if (!request.after) {
        // Live only: every change comes from the one follower, whose stamps only move forward in
        // every partition, so each covers the last and none is covered by it. A burst of 20,000
        // changes then costs no cursor arithmetic here.
        last = change.id;
        if (wants(change)) queue.push(updateOf(change));
        return;
      }
      if (last !== undefined && changeCovered(change.id, last)) return;
      // Merged, not replaced: what was replayed and what was followed carry cursors of their own
      // readers, and the subscriber's cursor must never go back in any partition.
      last = mergeChangeIds(last, change.id);
      if (wants(change)) queue.push(updateOf({ ...change, id: last }));
    };
    let pending: Stamped<ShipmentChange>[] | null = request.after ? [] : null;
    stop = await this.changes.follow<ShipmentChange>(ChangeStreamName.Shipments, (entries) => {
      if (pending) pending.push(...entries);
      else entries.forEach(pass);
    });
    if (pending) {
      try {
        for (
          let page;
          !queue.closed && (page = await this.changes.read<ShipmentChange>(ChangeStreamName.Shipments, last, PAGE)).length > 0;
        )
          page.forEach(pass);
        const followed = pending;
        pending = null;
        followed.forEach(pass);
      } catch (error) {
        stop();
        throw error;
      }
    }
    return queue;
  }
}
