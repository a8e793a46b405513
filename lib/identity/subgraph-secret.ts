import { randomBytes } from 'node:crypto';
import type { LadingConfig } from '../config';
import { ConfigError } from '../config';
import type { Logger } from '../logger';

/** Separate processes must share the secret: without it, no subgraph would answer the gateway. */
export function requireSubgraphSecret(config: LadingConfig): string {
  if (!config.subgraphSecret) {
    throw new ConfigError('LADING_SUBGRAPH_SECRET is required when the gateway and subgraphs run as separate processes');
  }
  return config.subgraphSecret;
}

/** `npm start` runs everything in one process, so it can make up a secret when none is set. */
export function resolveSubgraphSecret(config: LadingConfig, logger: Logger): string {
  if (config.subgraphSecret) return config.subgraphSecret;
  logger.info('LADING_SUBGRAPH_SECRET is unset: generated one for this run');
  return randomBytes(32).toString('hex');
}
