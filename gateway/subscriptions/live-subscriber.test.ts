import { encodeUpdateCursor } from '../../lib/graphql/update-cursor';
import type { Delivery } from './delivery';
import { deliveryOf } from './delivery';
import { LiveSubscriber } from './live-subscriber';

const update = (position: number, shipment = 'S'): Delivery => {
  // A change id of one partition (lib/changes/change-ids.ts): its own part is the position.
  const cursor = encodeUpdateCursor(`0~${position}-0`, shipment);
  return { ...deliveryOf({ data: { n: `${position}${shipment}` } }, cursor), key: shipment };
};
const after = (position: number, shipment = 'S') => {
  const d = update(position, shipment);
  return { cursor: d.cursor as string, id: d.id as string };
};
const drain = (s: LiveSubscriber) => {
  const taken: unknown[] = [];
  while (s.queue.buffered > 0) taken.push(((s.queue as any).buffer as { data: { n: string } }[]).shift()!.data.n);
  return taken;
};

describe('LiveSubscriber', () => {
  it('drops nothing at or before its cursor, and what its replay already delivered', () => {
    const s = new LiveSubscriber(after(2), 100, () => undefined);
    s.offerLive(update(4));
    s.offerLive(update(3));
    for (const d of [update(1), update(2), update(3), update(4)]) s.offerReplayed(d);
    expect(drain(s)).toEqual(['3S', '4S']);
  });

  it('keeps several updates of one position (one cancellation, several shipments)', () => {
    const s = new LiveSubscriber(after(4, 'Z'), 100, () => undefined);
    s.offerLive(update(5, 'B'));
    for (const d of [update(5, 'A'), update(5, 'B')]) s.offerReplayed(d);
    expect(drain(s)).toEqual(['5A', '5B']);
  });

  it('holds live updates during its replay and joins where the replay meets them', () => {
    const s = new LiveSubscriber(after(1), 100, () => undefined);
    s.offerLive(update(4));
    s.offerLive(update(5));
    expect(s.offerReplayed(update(2))).toBe(false);
    expect(s.offerReplayed(update(3))).toBe(false);
    expect(s.offerReplayed(update(4))).toBe(true);
    expect(s.replaying).toBe(false);
    s.offerLive(update(6));
    expect(drain(s)).toEqual(['2S', '3S', '4S', '5S', '6S']);
  });

  it('behind, gets the latest update of each shipment in log order, and every other update once it catches up', async () => {
    const s = new LiveSubscriber(undefined, 2, () => undefined);
    // 1A and 2B fill the backlog; 3A, 4B, 5A wait behind: A's 5 replaces its 3 and moves after 4B.
    for (const d of [update(1, 'A'), update(2, 'B'), update(3, 'A'), update(4, 'B'), update(5, 'A')]) s.offerLive(d);
    const take = async () => ((await s.queue.next()).value as { data: { n: string } }).data.n;
    // Each update taken makes room: what waits follows, the newest of each shipment, oldest first.
    const taken = [await take(), await take()];
    s.offerLive(update(6, 'C'));
    taken.push(await take(), await take(), await take());
    expect(taken).toEqual(['1A', '2B', '4B', '5A', '6C']);
    expect(s.lastCursor).toBe(update(6, 'C').cursor);
    s.offerLive(update(7, 'A'));
    expect(drain(s)).toEqual(['7A']);
  });

  it('with more shipments waiting than its bound, ends with UPDATES_MISSED naming the last update it will receive', async () => {
    const s = new LiveSubscriber(undefined, 2, () => undefined);
    for (const d of [update(1, 'A'), update(2, 'B'), update(3, 'C'), update(4, 'D'), update(5, 'E')]) s.offerLive(d);
    const got: unknown[] = [];
    await expect(
      (async () => {
        for await (const r of s.queue) got.push(r);
      })(),
    ).rejects.toMatchObject({ extensions: { code: 'UPDATES_MISSED', lastCursor: update(2, 'B').cursor } });
    expect(got).toHaveLength(2);
  });

  it('writes what waits behind before it ends', async () => {
    const s = new LiveSubscriber(undefined, 1, () => undefined);
    for (const d of [update(1, 'A'), update(2, 'A'), update(3, 'A')]) s.offerLive(d);
    s.end();
    const got: string[] = [];
    for await (const r of s.queue) got.push((r as { data: { n: string } }).data.n);
    expect(got).toEqual(['1A', '3A']);
  });
});
