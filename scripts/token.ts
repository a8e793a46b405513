import { loadConfig } from '../lib/config';
import { ALL_ROLES, Role, isRole } from '../lib/identity/identity';
import { DEVELOPMENT_TOKEN_DAYS, mintToken } from '../lib/identity/tokens';
import { parseCli } from './cli';

const USAGE = `Prints a development token (HS256, signed with LADING_JWT_SECRET or the development secret).

usage: npm run -s token -- --role <role> [--customer <id>] [--sub <subject>] [--expires-in <duration>]
                             [--sources <globs>] [--event-types <globs>] [--carriers <SCACs>]

  --role        ${ALL_ROLES.join(' | ')}
  --customer    the customer a customer token may see, e.g. CUST-0001 (demo data: CUST-0001..CUST-0003)
  --sub         the token's subject (default dev-<role>)
  --expires-in  lifetime such as 1h or 7d (default ${DEVELOPMENT_TOKEN_DAYS}d)
  --sources     integration only: comma-separated source globs it may emit, e.g. 'urn:wms:*'
                (default: all but urn:lading:*, see docs/events.md)
  --event-types integration only: comma-separated event type globs it may emit, e.g. 'wms.*'
  --carriers    integration only: comma-separated SCACs the carrier integration speaks for, e.g. ACME,ODFL;
                it may then report only on shipments tendered to one of them (docs/carriers.md)

examples:
  TOKEN=$(npm run -s token -- --role customer --customer CUST-0001)
  npm run -s token -- --role service_rep
  npm run -s token -- --role integration --sub odfl --carriers ODFL --sources 'urn:x12:odfl*'
  LADING_JWT_SECRET=… npm run -s token -- --role integration   # for a stack started with that secret`;

/**
 * `npm run token -- --role customer --customer CUST-0001`: prints a development token.
 * `--role integration --sources 'urn:wms:*' [--event-types 'wms.*']` binds an integration (comma-separated globs);
 * `--carriers ACME,ODFL` binds a carrier integration to the shipments tendered to those carriers.
 */
async function main(): Promise<void> {
  const values = parseCli(USAGE, {
    role: { type: 'string' },
    customer: { type: 'string' },
    sub: { type: 'string' },
    sources: { type: 'string' },
    'event-types': { type: 'string' },
    carriers: { type: 'string' },
    'expires-in': { type: 'string', default: `${DEVELOPMENT_TOKEN_DAYS}d` },
  });
  if (!isRole(values.role)) throw new Error(`--role must be one of ${ALL_ROLES.join(', ')}`);
  if (values.carriers !== undefined && values.role !== Role.Integration)
    throw new Error('--carriers binds an integration token (--role integration)');
  if (values.role === Role.Customer && !values.customer) throw new Error('a customer token needs --customer, e.g. --customer CUST-0001');
  const config = loadConfig();
  if (config.jwt.isDevelopmentSecret)
    process.stderr.write('note: signed with the public development secret (LADING_JWT_SECRET is unset or that secret)\n');
  const token = await mintToken(
    {
      sub: values.sub ?? `dev-${values.role}`,
      role: values.role,
      customerId: values.customer,
      sources: globs(values.sources),
      eventTypes: globs(values['event-types']),
      carriers: globs(values.carriers)?.map((scac) => scac.toUpperCase()),
    },
    { secret: config.jwt.secret, expiresIn: values['expires-in'] },
  );
  process.stdout.write(token + '\n');
}

function globs(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
}

main().catch((error: Error) => {
  process.stderr.write(`token: ${error.message}\n`);
  process.exit(2);
});
