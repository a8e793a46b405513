import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../lib/config';

const ROOT = path.join(__dirname, '..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    { environment?: Record<string, string>; healthcheck?: { test: string[] }; entrypoint?: string[]; profiles?: string[]; ports?: string[] }
  >;
};

/** Compose's `${NAME:-default}` / `${NAME}` interpolation for the variables the operator did (not) set. */
function interpolate(value: string, shell: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_all, name: string, fallback?: string) => shell[name] || fallback || '');
}

function serviceEnv(service: string, shell: Record<string, string>): Record<string, string> {
  const env = compose.services[service].environment ?? {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, shell)]));
}

describe('docker-compose.yml', () => {
  it('runs with its defaults for development', () => {
    for (const service of ['gateway', 'orders', 'transport']) expect(() => loadConfig(serviceEnv(service, {}))).not.toThrow();
  });

  it.each(['gateway', 'orders', 'warehouse', 'transport', 'finance'])(
    'refuses to start %s under NODE_ENV=production with its default secrets',
    (service) => {
      expect(() => loadConfig(serviceEnv(service, { NODE_ENV: 'production' }))).toThrow(ConfigError);
      // Only the JWT secret set: the default subgraph secret alone is refused too.
      expect(() => loadConfig(serviceEnv(service, { NODE_ENV: 'production', LADING_JWT_SECRET: 'a-real-secret-of-some-length' }))).toThrow(
        /LADING_SUBGRAPH_SECRET/,
      );
      expect(() =>
        loadConfig(
          serviceEnv(service, { NODE_ENV: 'production', LADING_JWT_SECRET: 'a-real-secret', LADING_SUBGRAPH_SECRET: 'another-real-one' }),
        ),
      ).not.toThrow();
    },
  );

  it('signs with the secret `npm run token` uses by default, so documented token commands work against it', () => {
    const gateway = loadConfig(serviceEnv('gateway', {}));
    expect(gateway.jwt.secret).toBe(loadConfig({}).jwt.secret);
    // …and knows it, so each service warns at start that anyone can mint tokens for it.
    expect(gateway.jwt.isDevelopmentSecret).toBe(true);
    expect(loadConfig(serviceEnv('gateway', { LADING_JWT_SECRET: 'a-real-secret' })).jwt.isDevelopmentSecret).toBe(false);
  });

  it("mints tokens with the stack's own secret through its token service", () => {
    const token = compose.services.token;
    expect(token.entrypoint?.join(' ')).toMatch(/scripts\/token\.ts/);
    expect(token.profiles).toBeDefined();
    expect(serviceEnv('token', { LADING_JWT_SECRET: 'x' }).LADING_JWT_SECRET).toBe('x');
  });

  it('checks the gateway is ready on its own port', () => {
    const check = compose.services.gateway.healthcheck?.test.join(' ') ?? '';
    expect(check).toMatch(/127\.0\.0\.1:4000\/health\/ready/);
    expect(compose.services.gateway.ports).toContain('4000:4000');
  });
});
