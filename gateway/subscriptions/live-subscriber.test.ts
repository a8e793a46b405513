import { encodeUpdateCursor } from '../../lib/graphql/update-cursor';
import type { Delivery } from './delivery';
import { deliveryOf } from './delivery';
import { LiveSubscriber } from './live-subscriber';

const update = (position: number, shipment = 'S'): Delivery => {
  const cursor = encodeUpdateCursor(String(position).padStart(6, '0'), shipment);
  return deliveryOf({ data: { n: `${position}${shipment}` } }, cursor);
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

  it('past its bound ends with UPDATES_MISSED naming the last update it will receive', async () => {
    const s = new LiveSubscriber(undefined, 2, () => undefined);
    for (const d of [update(1), update(2), update(3)]) s.offerLive(d);
    const got: unknown[] = [];
    await expect(
      (async () => {
        for await (const r of s.queue) got.push(r);
      })(),
    ).rejects.toMatchObject({ extensions: { code: 'UPDATES_MISSED', lastCursor: update(2).cursor } });
    expect(got).toHaveLength(2);
  });
});
