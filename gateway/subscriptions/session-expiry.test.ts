import { atExpiry } from './session-expiry';

describe('atExpiry', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires when the expiry passes, not before', () => {
    const expire = jest.fn();
    atExpiry(Date.now() + 2000, expire);
    jest.advanceTimersByTime(1999);
    expect(expire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('waits out an expiry beyond the longest Node timer (30 days) instead of firing at once', () => {
    const expire = jest.fn();
    const days = (n: number) => n * 86_400_000;
    atExpiry(Date.now() + days(30), expire);
    jest.advanceTimersByTime(days(29));
    expect(expire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(days(1));
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a token already expired, and never after being cancelled', () => {
    const late = jest.fn();
    atExpiry(Date.now() - 1, late);
    expect(late).toHaveBeenCalledTimes(1);
    const cancelled = jest.fn();
    const cancel = atExpiry(Date.now() + 1000, cancelled);
    cancel();
    jest.advanceTimersByTime(5000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
