import { PubSub } from './pubsub';

/** The topics the contract suite publishes on. */
export type ContractTopics = { a: { n: number }; b: { s: string } };
type Topics = ContractTopics;

/** Behaviour every PubSub implementation shares; run by test/pubsub.test.ts against each. */
export function pubsubContract(name: string, make: () => Promise<{ pubsub: PubSub<Topics>; other: PubSub<Topics>; cleanup: () => Promise<void> }>): void {
  describe(`PubSub contract: ${name}`, () => {
    let pubsub: PubSub<Topics>;
    let other: PubSub<Topics>;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ pubsub, other, cleanup } = await make());
    });

    afterEach(() => cleanup());

    const settle = () => new Promise((r) => setTimeout(r, 50));

    it('delivers a payload to every listener of its topic, and only of its topic', async () => {
      const a1: unknown[] = [];
      const a2: unknown[] = [];
      const b: unknown[] = [];
      await pubsub.subscribe('a', (p) => a1.push(p));
      await other.subscribe('a', (p) => a2.push(p));
      await pubsub.subscribe('b', (p) => b.push(p));
      await pubsub.publish('a', { n: 1 });
      await other.publish('a', { n: 2 });
      await settle();
      expect(a1).toEqual([{ n: 1 }, { n: 2 }]);
      expect(a2).toEqual([{ n: 1 }, { n: 2 }]);
      expect(b).toEqual([]);
    });

    it('stops delivering after unsubscribe', async () => {
      const got: unknown[] = [];
      const stop = await pubsub.subscribe('a', (p) => got.push(p));
      await pubsub.publish('a', { n: 1 });
      await settle();
      await stop();
      await pubsub.publish('a', { n: 2 });
      await settle();
      expect(got).toEqual([{ n: 1 }]);
    });

    it('never hands a listener the publisher\'s own object', async () => {
      const payload = { n: 1 };
      let received: unknown;
      await pubsub.subscribe('a', (p) => (received = p));
      await pubsub.publish('a', payload);
      await settle();
      expect(received).toEqual(payload);
      expect(received).not.toBe(payload);
    });
  });
}
