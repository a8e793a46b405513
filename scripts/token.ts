import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config';
import { ALL_ROLES, isRole } from '../lib/identity/identity';
import { mintToken } from '../lib/identity/tokens';

/**
 * `npm run token -- --role customer --customer CUST-0001`: prints a development token.
 * `--role integration --sources 'urn:wms:*' [--event-types 'wms.*']` binds an integration (comma-separated globs).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      customer: { type: 'string' },
      sub: { type: 'string' },
      sources: { type: 'string' },
      'event-types': { type: 'string' },
      'expires-in': { type: 'string', default: '30d' },
    },
  });
  if (!isRole(values.role)) throw new Error(`--role must be one of ${ALL_ROLES.join(', ')}`);
  if (values.role === 'customer' && !values.customer) throw new Error('a customer token needs --customer, e.g. --customer CUST-0001');
  const config = loadConfig();
  if (config.jwt.isDevelopmentSecret) process.stderr.write('note: signed with the development secret (LADING_JWT_SECRET is unset)\n');
  const token = await mintToken(
    { sub: values.sub ?? `dev-${values.role}`, role: values.role, customerId: values.customer, sources: globs(values.sources), eventTypes: globs(values['event-types']) },
    { secret: config.jwt.secret, expiresIn: values['expires-in'] },
  );
  process.stdout.write(token + '\n');
}

function globs(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((g) => g.trim()).filter(Boolean);
}

main().catch((error: Error) => {
  process.stderr.write(`token: ${error.message}\n`);
  process.exit(2);
});
