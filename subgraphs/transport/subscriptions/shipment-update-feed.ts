import { EventLog } from '../../../lib/events/event-log';
import { eventKey } from '../../../lib/events/types';
import { NotFoundError, UserInputError } from '../../../lib/errors';
import { AsyncQueue } from '../../../lib/graphql/async-queue';
import { Identity, canSeeCustomer } from '../../../lib/identity/identity';
import { PubSub } from '../../../lib/pubsub/pubsub';
import { LadingTopics, ShipmentChanged } from '../../../lib/pubsub/topics';
import { milestoneOf } from '../projection/milestone';
import { TransportStore } from '../store/transport-store';
import { affectedShipments } from './affected-shipments';
import { ShipmentUpdate } from './shipment-update';
import { decodeUpdateCursor, encodeUpdateCursor, updateId } from './update-cursor';

/** How far back `after` may reach, in log entries; older cursors must resubscribe without one. */
export const MAX_REPLAY_ENTRIES = 20_000;
const PAGE = 500;

export interface FeedRequest {
  identity: Identity;
  shipmentId?: string | null;
  after?: string | null;
}

/**
 * Live shipment updates for one subscriber, with resume: it listens first, replays what it missed
 * from the durable log, then passes on live changes, skipping any it already replayed.
 */
export class ShipmentUpdateFeed {
  constructor(
    private readonly pubsub: PubSub<LadingTopics>,
    private readonly store: TransportStore,
    private readonly log: EventLog,
  ) {}

  async open(request: FeedRequest): Promise<AsyncQueue<ShipmentUpdate>> {
    const { identity, shipmentId } = request;
    if (shipmentId) {
      const [shipment] = await this.store.getShipments([shipmentId]);
      if (!shipment || !canSeeCustomer(identity, shipment.customerId)) throw new NotFoundError('shipment', shipmentId);
    }
    const after = request.after ? decodeUpdateCursor(request.after) : undefined;
    const wants = (change: Pick<ShipmentChanged, 'customerId' | 'shipmentId'>) =>
      canSeeCustomer(identity, change.customerId) && (!shipmentId || change.shipmentId === shipmentId);
    const replayed = new Set<string>();
    let pending: ShipmentChanged[] | null = after ? [] : null;
    let unsubscribe: () => Promise<void> = async () => undefined;
    const queue = new AsyncQueue<ShipmentUpdate>(() => unsubscribe());
    const deliver = async (change: ShipmentChanged) => {
      const id = updateId(change.position, change.shipmentId);
      if (replayed.has(id) || (after && id <= after.id)) return;
      const update = await this.updateFor(change);
      if (update) queue.push(update);
    };
    // Deliveries are chained so that updates reach the subscriber in the order they were published.
    let chain = Promise.resolve();
    unsubscribe = await this.pubsub.subscribe('shipmentChanged', (change) => {
      if (!wants(change)) return;
      if (pending) pending.push(change);
      else chain = chain.then(() => deliver(change)).catch((error) => queue.fail(error));
    });
    if (after) {
      try {
        for (const change of await this.missedSince(after.position, wants)) {
          await deliver(change);
          replayed.add(updateId(change.position, change.shipmentId));
        }
        const buffered = pending ?? [];
        pending = null;
        for (const change of buffered) await deliver(change);
      } catch (error) {
        await unsubscribe();
        throw error;
      }
    }
    return queue;
  }

  private async updateFor(change: ShipmentChanged): Promise<ShipmentUpdate | null> {
    const [[shipment], [fact]] = await Promise.all([this.store.getShipments([change.shipmentId]), this.store.getFacts([change])]);
    if (!shipment || !fact) return null;
    return { cursor: encodeUpdateCursor(change.position, shipment.id), milestone: milestoneOf(fact), shipment };
  }

  /** Changes already applied since `position`, in log order. Unapplied ones will arrive live. */
  private async missedSince(position: string, wants: (c: ShipmentChanged) => boolean): Promise<ShipmentChanged[]> {
    const changes: ShipmentChanged[] = [];
    let cursor: string | undefined = position;
    for (let read = 0; ; read += PAGE) {
      if (read >= MAX_REPLAY_ENTRIES) throw new UserInputError(`cursor is more than ${MAX_REPLAY_ENTRIES} events old: subscribe without after`);
      const entries = await this.log.read(cursor, PAGE);
      for (const entry of entries) {
        const ids = await affectedShipments(entry, this.store.documents);
        const key = eventKey(entry.event);
        const [shipments, facts] = await Promise.all([this.store.getShipments(ids), this.store.getFacts(ids.map((shipmentId) => ({ shipmentId, factKey: key })))]);
        for (const [i, shipment] of shipments.entries()) {
          if (!shipment || !facts[i]) continue;
          const change = { shipmentId: shipment.id, customerId: shipment.customerId, position: entry.position, factKey: key };
          if (wants(change)) changes.push(change);
        }
      }
      if (entries.length < PAGE) return changes;
      cursor = entries[entries.length - 1].position;
    }
  }
}
