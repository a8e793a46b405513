import type { JWK } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { authenticatorFrom } from '../gateway/auth/create-authenticator';
import { jwksAuthenticator } from '../gateway/auth/jwks-authenticator';
import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from '../lib/config';
import { Role } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';

const ISSUER = 'https://id.example.test/';
const AUDIENCE = 'lading';

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const sign = (claims: Record<string, unknown>, options: { issuer?: string; audience?: string; expiresIn?: string | number } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('user-1')
      .setIssuedAt()
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(privateKey);
  return { jwk, sign, privateKey };
}

describe('JWKS-backed identity', () => {
  let server: Server;
  let published: JWK[] = [];
  let fetches = 0;
  let url = '';

  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('accepts tokens of the current and the rotated key, and rejects expired, wrong-issuer and wrong-audience ones', async () => {
    const current = await keyPair('key-1');
    const rotated = await keyPair('key-2');
    published = [current.jwk];
    const authenticate = jwksAuthenticator({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE, cooldownMs: 0 });
    const bearer = (token: string) => `Bearer ${token}`;

    expect(await authenticate(bearer(await current.sign({ role: 'service_rep' })))).toEqual({
      sub: 'user-1',
      role: 'service_rep',
      customerId: null,
    });

    published = [current.jwk, rotated.jwk];
    const afterRotation = await authenticate(bearer(await rotated.sign({ role: 'customer', customer_id: 'CUST-0001' })));
    expect(afterRotation).toEqual({ sub: 'user-1', role: 'customer', customerId: 'CUST-0001' });
    expect(fetches).toBeGreaterThanOrEqual(2);
    expect(await authenticate(bearer(await current.sign({ role: 'integration' })))).toMatchObject({ role: 'integration' });

    const refused = [
      await current.sign({ role: 'service_rep' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
      await current.sign({ role: 'service_rep' }, { issuer: 'https://evil.example.test/' }),
      await current.sign({ role: 'service_rep' }, { audience: 'someone-else' }),
      await (await keyPair('unknown-key')).sign({ role: 'service_rep' }),
      // No `exp` at all: such a token would never expire.
      await new SignJWT({ role: 'service_rep' })
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .setSubject('user-1')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .sign(current.privateKey),
    ];
    for (const token of refused)
      await expect(authenticate(bearer(token))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('is the authenticator the configuration picks when LADING_JWKS_URL is set', async () => {
    const key = await keyPair('key-config');
    published = [key.jwk];
    const authenticate = authenticatorFrom(loadConfig({ LADING_JWKS_URL: url, LADING_JWT_ISSUER: ISSUER, LADING_JWT_AUDIENCE: AUDIENCE }));
    expect(await authenticate(`Bearer ${await key.sign({ role: 'service_rep' })}`)).toMatchObject({ role: 'service_rep' });
    // A development HS256 token is worthless once production identity is configured.
    const dev = await mintToken({ sub: 'dev', role: Role.ServiceRep }, { secret: DEVELOPMENT_JWT_SECRET });
    await expect(authenticate(`Bearer ${dev}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses the development secret in production and half a JWKS configuration', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', LADING_JWT_SECRET: 's3cret' })).not.toThrow();
    expect(() => loadConfig({ NODE_ENV: 'production', LADING_JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(/development JWT secret/);
    expect(() => loadConfig({ LADING_JWKS_URL: 'https://id.example.test/jwks' })).toThrow(/LADING_JWT_ISSUER/);
    expect(
      loadConfig({ NODE_ENV: 'production', LADING_JWKS_URL: 'https://id/jwks', LADING_JWT_ISSUER: 'i', LADING_JWT_AUDIENCE: 'a' }).jwt.jwks,
    ).toEqual({ jwksUrl: 'https://id/jwks', issuer: 'i', audience: 'a' });
  });
});
