import { optionsFrom } from './option-source';
import { DEFAULTS, readSettings } from './read-settings';

const SOURCE = {
  holdTtlMs: 'LADING_HOLD_TTL',
  rate: { burst: 'LADING_RATE_LIMIT_BURST', ratePerSecond: 'LADING_RATE_LIMIT_RPS' },
  redisUrl: 'REDIS_URL',
} as const;

describe('options read through an option source', () => {
  it('takes each option from its setting, nested groups included', () => {
    const options = optionsFrom(SOURCE, readSettings({ LADING_HOLD_TTL: '2h', LADING_RATE_LIMIT_BURST: '7', REDIS_URL: 'redis://r:6379' }));
    expect(options).toEqual({
      holdTtlMs: 7_200_000,
      rate: { burst: { customer: 7, service_rep: 7, integration: 7 }, ratePerSecond: DEFAULTS.LADING_RATE_LIMIT_RPS },
      redisUrl: 'redis://r:6379',
    });
  });

  it("defaults to each setting's declared default, an unset optional one staying undefined", () => {
    expect(optionsFrom(SOURCE)).toEqual({
      holdTtlMs: 24 * 3_600_000,
      rate: { burst: DEFAULTS.LADING_RATE_LIMIT_BURST, ratePerSecond: DEFAULTS.LADING_RATE_LIMIT_RPS },
      redisUrl: undefined,
    });
  });
});
