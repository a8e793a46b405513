import { TargetRefused, checkTargetUrl, guardedLookup, isPrivateAddress, resolveTarget } from './target-guard';

describe('webhook target guard (SSRF)', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.10', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['93.184.216.34', false],
    ['2606:4700::6810:85e5', false],
    ['::ffff:8.8.8.8', false],
  ])('%s private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('refuses private IP literals, plain http and credentials unless private targets are allowed', () => {
    expect(() => checkTargetUrl('https://127.0.0.1/hook', false)).toThrow(TargetRefused);
    expect(() => checkTargetUrl('https://[::1]/hook', false)).toThrow(TargetRefused);
    expect(() => checkTargetUrl('http://example.com/hook', false)).toThrow(/https/);
    expect(() => checkTargetUrl('https://user:pw@example.com/hook', false)).toThrow(/credentials/);
    expect(() => checkTargetUrl('not a url', false)).toThrow(/absolute URL/);
    expect(checkTargetUrl('http://127.0.0.1:8080/hook', true).port).toBe('8080');
  });

  it('checks the addresses a name resolves to, not the name', async () => {
    await expect(resolveTarget(new URL('https://localhost/hook'), false)).rejects.toThrow(/loopback or private/);
    await expect(resolveTarget(new URL('https://localhost/hook'), true)).resolves.toBeUndefined();
    const error = await new Promise<Error | null>((resolve) => guardedLookup(false)('localhost', {}, (e) => resolve(e)));
    expect(error).toBeInstanceOf(TargetRefused);
  });
});
