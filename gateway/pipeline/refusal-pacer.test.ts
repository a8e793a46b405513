import { RefusalPacer } from './refusal-pacer';

describe('RefusalPacer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settled = (promise: Promise<void>) => {
    let done = false;
    void promise.then(() => (done = true));
    return () => done;
  };

  it('holds a refusal until its Retry-After, capped at the longest delay', async () => {
    const pacer = new RefusalPacer({ maxDelayMs: 1000, perPrincipal: 4, total: 100 });
    const short = settled(pacer.hold('a', 200));
    const long = settled(pacer.hold('a', 5000));
    expect(pacer.holding('a')).toBe(2);
    await jest.advanceTimersByTimeAsync(199);
    expect(short()).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(short()).toBe(true);
    expect(long()).toBe(false);
    await jest.advanceTimersByTimeAsync(800);
    expect(long()).toBe(true);
    expect(pacer.holding()).toBe(0);
  });

  it('answers at once past the per-principal bound, without touching other principals', async () => {
    const pacer = new RefusalPacer({ maxDelayMs: 1000, perPrincipal: 2, total: 100 });
    void pacer.hold('a', 1000);
    void pacer.hold('a', 1000);
    const third = settled(pacer.hold('a', 1000));
    const other = settled(pacer.hold('b', 1000));
    await Promise.resolve();
    expect(third()).toBe(true);
    expect(other()).toBe(false);
    expect(pacer.holding('a')).toBe(2);
    expect(pacer.holding('b')).toBe(1);
    pacer.dispose();
  });

  it('answers at once past the gateway-wide bound, and when pacing is off', async () => {
    const bounded = new RefusalPacer({ maxDelayMs: 1000, perPrincipal: 10, total: 1 });
    void bounded.hold('a', 1000);
    const second = settled(bounded.hold('b', 1000));
    const off = settled(new RefusalPacer({ maxDelayMs: 0, perPrincipal: 10, total: 10 }).hold('a', 1000));
    await Promise.resolve();
    expect(second()).toBe(true);
    expect(off()).toBe(true);
    bounded.dispose();
  });

  it('releases every held refusal on dispose', async () => {
    const pacer = new RefusalPacer({ maxDelayMs: 60_000, perPrincipal: 4, total: 100 });
    const held = settled(pacer.hold('a', 60_000));
    pacer.dispose();
    await Promise.resolve();
    expect(held()).toBe(true);
    expect(pacer.holding()).toBe(0);
  });
});
