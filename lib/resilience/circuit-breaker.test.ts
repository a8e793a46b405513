import { BreakerState, CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const states: BreakerState[] = [];
  const breaker = () => new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now, onStateChange: (s) => states.push(s) });

  beforeEach(() => {
    now = 0;
    states.length = 0;
  });

  it('opens after the configured consecutive failures, and a success in between resets the count', () => {
    const b = breaker();
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe(BreakerState.Closed);
    b.onFailure();
    expect(b.state).toBe(BreakerState.Open);
    expect(b.tryAcquire()).toBe(false);
  });

  it('lets exactly one probe through after the cooldown; its success closes the breaker', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    now = 999;
    expect(b.tryAcquire()).toBe(false);
    now = 1000;
    expect(b.tryAcquire()).toBe(true);
    expect(b.state).toBe(BreakerState.HalfOpen);
    expect(b.tryAcquire()).toBe(false);
    b.onSuccess();
    expect(b.state).toBe(BreakerState.Closed);
    expect(b.tryAcquire()).toBe(true);
    expect(states).toEqual([BreakerState.Open, BreakerState.HalfOpen, BreakerState.Closed]);
  });

  it('a failed probe opens the breaker for another cooldown', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    now = 1500;
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state).toBe(BreakerState.Open);
    now = 2000;
    expect(b.tryAcquire()).toBe(false);
    now = 2500;
    expect(b.tryAcquire()).toBe(true);
  });

  it('says whether it fails fast without moving to half-open', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    now = 999;
    expect(b.failingFast).toBe(true);
    now = 1000;
    expect(b.failingFast).toBe(false);
    expect(b.state).toBe(BreakerState.Open);
    expect(b.tryAcquire()).toBe(true);
    expect(b.state).toBe(BreakerState.HalfOpen);
    expect(b.failingFast).toBe(false);
  });
});
