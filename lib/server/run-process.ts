import type { LadingConfig } from '../config';
import { loadConfig } from '../config';
import type { Logger } from '../logger';
import { createLogger } from '../logger';
import { createRuntime } from '../runtime/create-runtime';
import type { Runtime } from '../runtime/runtime';
import { startTracing } from '../telemetry/start-tracing';
import { explainPortInUse, PortInUseError } from './port-in-use';

export interface Disposable {
  dispose(): Promise<void>;
}

/**
 * A process entry: parse config once, create the runtime, start, and on SIGINT/SIGTERM dispose
 * everything in order (drain HTTP, complete subscriptions, close Redis).
 */
export function runProcess(name: string, start: (config: LadingConfig, runtime: Runtime, logger: Logger) => Promise<Disposable>): void {
  let logger = createLogger({ service: name });
  let config: LadingConfig | undefined;
  const main = async () => {
    config = loadConfig();
    const { shutdownTimeoutMs } = config;
    logger = createLogger({ service: name }, config.logLevel);
    if (config.unknownSettings.length > 0) {
      logger.warn('ignoring LADING_* variables that are no setting: a misspelt setting keeps its default (docs/configuration.md)', {
        unknown: config.unknownSettings,
      });
    }
    if (config.devIdentity)
      logger.warn('LADING_DEV_IDENTITY is set: requests without a token act as a fixed identity (development only)', {
        role: config.devIdentity.role,
      });
    if (config.jwt.isDevelopmentSecret)
      logger.warn(
        'signing tokens with the public development JWT secret: anyone can mint tokens (set LADING_JWT_SECRET; refused when NODE_ENV=production)',
      );
    // Before anything starts, so every server sees whether tracing is on (lib/telemetry).
    const tracing = startTracing(config.telemetry, name === 'lading' ? 'lading' : `lading-${name}`);
    if (config.telemetry.tracesEndpoint) logger.info('exporting traces over OTLP', { endpoint: config.telemetry.tracesEndpoint });
    const runtime = await createRuntime(config, logger);
    const running = await start(config, runtime, logger);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('shutting down', { signal });
      // A dependency that never finishes closing must not keep a stopped service alive.
      setTimeout(() => {
        logger.error('shutdown took too long; exiting anyway', { setting: 'LADING_SHUTDOWN_TIMEOUT', ms: shutdownTimeoutMs });
        process.exit(1);
      }, shutdownTimeoutMs).unref();
      await running.dispose();
      logger.info('services stopped; closing the runtime');
      await runtime.dispose();
      // Last: the spans of the shutdown itself are exported too.
      await tracing.dispose().catch((error: Error) => logger.warn('exporting the last spans failed', { error: error.message }));
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  };
  main().catch((error: Error) => {
    const message = error instanceof PortInUseError && config ? explainPortInUse(error, config) : error.message;
    logger.error('failed to start', { error: message });
    // The JSON log line is for machines; a person starting Lading reads this one.
    process.stderr.write(`${name}: failed to start: ${message}\n`);
    process.exit(1);
  });
}
