import { generateSecret, sign, verify } from './signature';

describe('Standard Webhooks signatures', () => {
  it('matches the published example vector', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verifies its own signatures, and refuses a changed body, another secret or an old timestamp', () => {
    const secret = generateSecret();
    const now = Date.now();
    const timestamp = String(Math.floor(now / 1000));
    const headers = { id: 'msg_1', timestamp, signature: sign(secret, 'msg_1', Number(timestamp), '{"a":1}') };
    expect(verify(secret, headers, '{"a":1}', 300, now)).toBe(true);
    expect(verify(secret, headers, '{"a":2}', 300, now)).toBe(false);
    expect(verify(generateSecret(), headers, '{"a":1}', 300, now)).toBe(false);
    expect(verify(secret, headers, '{"a":1}', 300, now + 600_000)).toBe(false);
  });
});
