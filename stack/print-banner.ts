import type { LadingConfig } from '../lib/config';
import { Role } from '../lib/identity/identity';
import { DEVELOPMENT_TOKEN_DAYS, mintToken } from '../lib/identity/tokens';

/** What `npm start` prints once everything is ready: where to go and a token per role. */
export async function startupBanner(gatewayUrl: string, config: LadingConfig, stats: string): Promise<string> {
  const secret = { secret: config.jwt.secret, expiresIn: `${DEVELOPMENT_TOKEN_DAYS}d` };
  const tokens: [string, string][] = [
    ['customer (CUST-0001)', await mintToken({ sub: 'demo-customer', role: Role.Customer, customerId: 'CUST-0001' }, secret)],
    ['service_rep', await mintToken({ sub: 'demo-rep', role: Role.ServiceRep }, secret)],
    ['integration', await mintToken({ sub: 'demo-integration', role: Role.Integration }, secret)],
  ];
  const base = gatewayUrl.replace(/\/graphql$/, '');
  return [
    '',
    'Lading is ready.',
    `  GraphQL (HTTP):      ${gatewayUrl}`,
    `  Subscriptions (WS):  ${gatewayUrl.replace(/^http/, 'ws')}   (graphql-transport-ws)`,
    `  Explorer:            ${gatewayUrl}   (open in a browser, paste the service_rep token)`,
    `  Events:              POST ${base}/events`,
    `  Health / metrics:    ${base}/health/ready  ${base}/metrics`,
    `  Data:                ${stats}`,
    '',
    `Tokens (valid ${DEVELOPMENT_TOKEN_DAYS} days; more with \`npm run token -- --role customer --customer CUST-0002\`):`,
    ...tokens.map(([role, token]) => `  ${role.padEnd(22)} ${token}`),
    '',
  ].join('\n');
}
