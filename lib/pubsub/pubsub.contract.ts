import { until } from '../testing/until';
import type { PubSub } from './pubsub';

/** The topics the contract suite publishes on. */
export type ContractTopics = { a: { n: number }; b: { s: string } };
type Topics = ContractTopics;

/** Behaviour every PubSub implementation shares; run by test/pubsub.test.ts against each. */
export function pubsubContract(
  name: string,
  make: () => Promise<{ pubsub: PubSub<Topics>; other: PubSub<Topics>; cleanup: () => Promise<void> }>,
): void {
  describe(`PubSub contract: ${name}`, () => {
    let pubsub: PubSub<Topics>;
    let other: PubSub<Topics>;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ pubsub, other, cleanup } = await make());
    });

    afterEach(() => cleanup());

    it('delivers a payload to every listener of its topic, and only of its topic', async () => {
      const a1: unknown[] = [];
      const a2: unknown[] = [];
      const b: unknown[] = [];
      await pubsub.subscribe('a', (p) => a1.push(p));
      await other.subscribe('a', (p) => a2.push(p));
      await pubsub.subscribe('b', (p) => b.push(p));
      await pubsub.publish('a', { n: 1 });
      await other.publish('a', { n: 2 });
      // Published last: once it is in, anything of topic a that reached b would be there before it.
      await pubsub.publish('b', { s: 'marker' });
      await until(() => a1.length >= 2 && a2.length >= 2 && b.length >= 1, 'both payloads and the marker');
      expect(a1).toEqual([{ n: 1 }, { n: 2 }]);
      expect(a2).toEqual([{ n: 1 }, { n: 2 }]);
      expect(b).toEqual([{ s: 'marker' }]);
    });

    it('stops delivering after unsubscribe', async () => {
      const got: unknown[] = [];
      const witness: unknown[] = [];
      const stop = await pubsub.subscribe('a', (p) => got.push(p));
      await pubsub.publish('a', { n: 1 });
      await until(() => got.length >= 1, 'the first payload');
      await stop();
      // A listener that stays hands the second payload over: by then the one that left would have had it too.
      await pubsub.subscribe('a', (p) => witness.push(p));
      await pubsub.publish('a', { n: 2 });
      await until(() => witness.length >= 1, 'the second payload at the listener that stayed');
      expect(got).toEqual([{ n: 1 }]);
    });

    it("never hands a listener the publisher's own object", async () => {
      const payload = { n: 1 };
      let received: unknown;
      await pubsub.subscribe('a', (p) => (received = p));
      await pubsub.publish('a', payload);
      await until(() => received !== undefined, 'the payload');
      expect(received).toEqual(payload);
      expect(received).not.toBe(payload);
    });
  });
}
