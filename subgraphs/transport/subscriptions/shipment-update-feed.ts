import type { EventLog } from '../../../lib/events/event-log';
import { eventKey } from '../../../lib/events/types';
import { GraphQLError } from 'graphql';
import { ErrorCode, NotFoundError } from '../../../lib/errors';
import { AsyncQueue } from '../../../lib/graphql/async-queue';
import type { Identity } from '../../../lib/identity/identity';
import { canSeeCustomer } from '../../../lib/identity/identity';
import type { PubSub } from '../../../lib/pubsub/pubsub';
import type { LadingTopics, ShipmentChanged } from '../../../lib/pubsub/topics';
import { milestoneOf } from '../domain/milestone';
import type { ShipmentProjection } from '../domain/shipment-projection';
import type { TransportStore } from '../store/transport-store';
import { affectedShipments } from './affected-shipments';
import type { ShipmentUpdate } from './shipment-update';
import { decodeUpdateCursor, encodeUpdateCursor, updateId } from '../../../lib/graphql/update-cursor';

/** How far back `after` may reach, in log entries; older cursors must resubscribe without one. */
export const MAX_REPLAY_ENTRIES = 20_000;
const PAGE = 500;

/**
 * docs/contract.md §7: the cursor is older than replay reaches. `lastCursor` is where replay can start
 * again; the updates before it are reported missed rather than silently skipped.
 */
function tooOld(reached: string): GraphQLError {
  return new GraphQLError(`cursor is more than ${MAX_REPLAY_ENTRIES} events old: updates before extensions.lastCursor were missed`, {
    extensions: { code: ErrorCode.UpdatesMissed, lastCursor: encodeUpdateCursor(reached, '~') },
  });
}

interface Missed {
  change: ShipmentChanged;
  shipment: ShipmentProjection;
}

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
    const updateOf = (change: ShipmentChanged, current?: ShipmentProjection): Promise<ShipmentUpdate | null> => {
      const id = updateId(change.position, change.shipmentId);
      if (replayed.has(id) || (after && id <= after.id)) return Promise.resolve(null);
      return this.updateFor(change, current);
    };
    const deliver = async (change: ShipmentChanged, current?: ShipmentProjection) => {
      const update = await updateOf(change, current);
      if (update) queue.push(update);
    };
    // Live updates are read as soon as they are published (the reads of a busy stream overlap) and
    // pushed in the order they were published.
    let chain = Promise.resolve();
    unsubscribe = await this.pubsub.subscribe('shipmentChanged', (change) => {
      if (!wants(change)) return;
      if (pending) return void pending.push(change);
      const update = updateOf(change);
      // Handled below, in order; marked now so that a failed read is never an unhandled rejection meanwhile.
      update.catch(() => undefined);
      chain = chain
        .then(() => update)
        .then((u) => void (u && queue.push(u)))
        .catch((error) => queue.fail(error));
    });
    if (after) {
      try {
        for (const { change, shipment } of await this.missedSince(after.position, wants, () => queue.closed)) {
          await deliver(change, shipment);
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

  /** `current`: the shipment already read (replay), shared by all of its replayed updates rather than copied per update. */
  private async updateFor(change: ShipmentChanged, current?: ShipmentProjection): Promise<ShipmentUpdate | null> {
    const shipment = current ?? (await this.store.getShipments([change.shipmentId]))[0];
    const [fact] = shipment ? await this.store.getFacts([change]) : [null];
    if (!shipment || !fact) return null;
    return { cursor: encodeUpdateCursor(change.position, shipment.id), milestone: milestoneOf(fact), shipment };
  }

  /**
   * Changes already applied since `position`, in log order; unapplied ones will arrive live. Reads
   * the log a page at a time and the page's shipments in one read, and stops once the subscriber left.
   */
  private async missedSince(position: string, wants: (c: ShipmentChanged) => boolean, gone: () => boolean): Promise<Missed[]> {
    const changes: Missed[] = [];
    // One read per shipment for the whole replay: a replayed update carries the shipment as it is now.
    const known = new Map<string, ShipmentProjection>();
    let cursor: string = position;
    for (let read = 0; !gone(); read += PAGE) {
      if (read >= MAX_REPLAY_ENTRIES) throw tooOld(cursor);
      const entries = await this.log.read(cursor, PAGE);
      const affected = await Promise.all(entries.map((entry) => affectedShipments(entry, this.store.documents)));
      const ids = [...new Set(affected.flat())].filter((id) => !known.has(id));
      for (const s of await this.store.getShipments(ids)) if (s) known.set(s.id, s);
      // Which of the page's events each shipment has as a fact: one read of those facts for the page.
      const pairs = entries.flatMap((entry, i) => affected[i].map((shipmentId) => ({ shipmentId, factKey: eventKey(entry.event) })));
      const found = await this.store.getFacts(pairs);
      const has = new Set(pairs.filter((_, i) => found[i] !== null).map((p) => `${p.shipmentId}\u0000${p.factKey}`));
      entries.forEach((entry, i) => {
        const key = eventKey(entry.event);
        for (const id of affected[i]) {
          const shipment = known.get(id);
          if (!shipment || !has.has(`${id}\u0000${key}`)) continue;
          const change = { shipmentId: shipment.id, customerId: shipment.customerId, position: entry.position, factKey: key };
          if (wants(change)) changes.push({ change, shipment });
        }
      });
      if (entries.length < PAGE) return changes;
      cursor = entries[entries.length - 1].position;
    }
    return changes;
  }
}
