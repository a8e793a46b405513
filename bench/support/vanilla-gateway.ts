import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readFileSync } from 'node:fs';
import { IDENTITY_HEADER, encodeIdentity } from '../../lib/identity/forwarding';
import { Role } from '../../lib/identity/identity';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signParts } from '../../lib/identity/request-signing';
import { SUPERGRAPH_SDL_PATH } from '../../lib/supergraph/paths';

/**
 * The baseline of `npm run bench -- query`: @apollo/gateway behind @apollo/server's standalone
 * server, no plugins, Apollo's default HTTP client. It forwards one fixed customer identity and signs
 * each subgraph request exactly as Lading does, only so that Lading's subgraphs accept it.
 * Reads BENCH_SECRET, BENCH_CUSTOMER, BENCH_PORT and BENCH_<NAME>_URL.
 */
const env = process.env;
const identity = encodeIdentity({ sub: 'bench', role: Role.Customer, customerId: env.BENCH_CUSTOMER ?? null });

class SignedDataSource extends RemoteGraphQLDataSource {
  constructor(url: string) {
    super({ url });
    const send = this.fetcher;
    this.fetcher = (target, init = {}) => {
      const headers = { ...(init.headers as Record<string, string>) };
      const timestamp = String(Date.now());
      headers[TIMESTAMP_HEADER] = timestamp;
      headers[SIGNATURE_HEADER] = signParts(env.BENCH_SECRET ?? '', { timestamp, identity, body: String(init.body ?? '') });
      return send(target, { ...init, headers });
    };
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
    request.http?.headers.set(IDENTITY_HEADER, identity);
  }
}

async function main(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_SDL_PATH, 'utf8'),
    buildService: ({ name }) => new SignedDataSource(env[`BENCH_${name.toUpperCase()}_URL`] ?? ''),
  });
  const server = new ApolloServer({ gateway });
  await startStandaloneServer(server, { listen: { port: Number(env.BENCH_PORT), host: '127.0.0.1' } });
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

void main();
