import { signParts, verifyParts } from './request-signing';

describe('gateway request signing', () => {
  const parts = { timestamp: String(Date.now()), identity: 'abc', body: '{"query":"{ _service { sdl } }"}' };
  const signature = signParts('secret', parts);

  it('accepts what the gateway signed', () => {
    expect(verifyParts('secret', parts, signature)).toEqual({ ok: true });
  });

  it.each([
    ['another secret', () => verifyParts('other', parts, signature)],
    ['a changed body', () => verifyParts('secret', { ...parts, body: '{}' }, signature)],
    ['a changed identity', () => verifyParts('secret', { ...parts, identity: 'root' }, signature)],
    ['a stale timestamp', () => verifyParts('secret', parts, signature, Number(parts.timestamp) + 120_000)],
    ['no signature', () => verifyParts('secret', parts, undefined)],
  ])('refuses %s', (_name, check) => {
    expect(check().ok).toBe(false);
  });
});
