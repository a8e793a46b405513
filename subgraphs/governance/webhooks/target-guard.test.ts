import { TargetRefused, checkTargetUrl, guardedLookup, resolveTarget } from './target-guard';

const PUBLIC_ONLY = { allowPrivateTargets: false };
const DEVELOPMENT = { allowPrivateTargets: true };

describe('webhook target guard (SSRF)', () => {
  it('refuses private IP literals, plain http and credentials unless private targets are allowed', () => {
    expect(() => checkTargetUrl('https://127.0.0.1/hook', PUBLIC_ONLY)).toThrow(TargetRefused);
    expect(() => checkTargetUrl('https://[::1]/hook', PUBLIC_ONLY)).toThrow(TargetRefused);
    expect(() => checkTargetUrl('http://example.com/hook', PUBLIC_ONLY)).toThrow(/https/);
    expect(() => checkTargetUrl('https://user:pw@example.com/hook', PUBLIC_ONLY)).toThrow(/credentials/);
    expect(() => checkTargetUrl('not a url', PUBLIC_ONLY)).toThrow(/absolute URL/);
    expect(checkTargetUrl('http://127.0.0.1:8080/hook', DEVELOPMENT).port).toBe('8080');
  });

  it.each([
    'https://[::127.0.0.1]/hook',
    'https://[::ffff:0:7f00:1]/hook',
    'https://[::ffff:7f00:1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[64:ff9b::10.0.0.1]/hook',
    'https://[2002:7f00:1::1]/hook',
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook',
    'https://[100::1]/hook',
    'https://[fec0::1]/hook',
  ])('refuses the IPv6 literal of %s at registration, without a connection', (url) => {
    expect(() => checkTargetUrl(url, PUBLIC_ONLY)).toThrow(/private or special-purpose address/);
  });

  it('allows only the scheme’s own port on public targets, or one of the allowed ports', () => {
    expect(checkTargetUrl('https://example.com/hook', PUBLIC_ONLY).port).toBe('');
    expect(checkTargetUrl('https://example.com:443/hook', PUBLIC_ONLY).port).toBe('');
    expect(() => checkTargetUrl('https://example.com:22/hook', PUBLIC_ONLY)).toThrow(/port 22 is not allowed/);
    expect(() => checkTargetUrl('https://93.184.216.34:8443/hook', PUBLIC_ONLY)).toThrow(/port 8443 is not allowed/);
    expect(() => checkTargetUrl('https://example.com:80/hook', PUBLIC_ONLY)).toThrow(/port 80 is not allowed/);
    expect(checkTargetUrl('https://example.com:8443/hook', { ...PUBLIC_ONLY, allowedPorts: [8443] }).port).toBe('8443');
    expect(() => checkTargetUrl('https://example.com:22/hook', { ...PUBLIC_ONLY, allowedPorts: [8443] })).toThrow(/port 22/);
    expect(checkTargetUrl('http://localhost:22/hook', DEVELOPMENT).port).toBe('22');
  });

  it('checks the addresses a name resolves to, not the name', async () => {
    await expect(resolveTarget(new URL('https://localhost/hook'), false)).rejects.toThrow(/loopback, private or special-purpose/);
    await expect(resolveTarget(new URL('https://localhost/hook'), true)).resolves.toBeUndefined();
    const error = await new Promise<Error | null>((resolve) => guardedLookup(false)('localhost', {}, (e) => resolve(e)));
    expect(error).toBeInstanceOf(TargetRefused);
  });
});
