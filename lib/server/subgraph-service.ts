import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { EventHandlers } from '../events/applier';
import { EventApplier } from '../events/applier';
import type { Consumption } from '../events/event-log';
import type { LoggedEvent } from '../events/types';
import type { Identity } from '../identity/identity';
import type { Logger } from '../logger';
import type { Runtime } from '../runtime/runtime';
import type { DocumentStore } from '../store/document-store';
import type { UnitOfWork } from '../store/unit-of-work';
import type { SubgraphName } from '../subgraph-names';
import type { GovernanceOptions } from '../governance';
import { GOVERNANCE } from '../governance';
import { systemClock } from '../clock';
import { optionsFrom } from '../settings';
import { appliesEventType } from '../events/event-consumers';
import { eventApplicationResolvers } from './event-application-resolver';
import type { AccessLog } from './access-log';
import { Metrics } from './metrics';
import type { WebhookSettings } from '../webhook-settings';
import { StartupGate } from './startup-gate';
import type { RunningService } from './subgraph-server';
import { startSubgraphServer } from './subgraph-server';

/** How a subgraph recognises the gateway: the shared secret and how old a signature may be. */
export interface GatewayTrust {
  secret: string;
  maxSkewMs?: number;
}

/** What makes one system of record a running subgraph. */
export interface SubgraphDefinition<TContext extends object> {
  name: SubgraphName;
  /** Absolute path of the subgraph's SDL. */
  schemaPath: string;
  /**
   * The subgraph's resolvers, typed by its generated `Resolvers` (subgraphs/<name>/generated/, from its
   * SDL). Apollo's map type cannot express `__resolveReference(reference, context, info)`, so the
   * definition takes any object and the start-up hands it to Apollo as its map.
   */
  resolvers: object;
  /** How the subgraph applies canonical events; absent for a subgraph that keeps no state from the log (governance). */
  handlers?(documents: DocumentStore, runtime: Runtime): EventHandlers;
  /** Reads up front what the handlers will read for a run of entries (see ApplierOptions.prefetch). */
  prefetch?: (uow: UnitOfWork, entries: readonly LoggedEvent[]) => Promise<void>;
  context(identity: Identity | null, documents: DocumentStore, runtime: Runtime, governance: GovernanceOptions): TContext;
  /** Work driven by time rather than by events (the SLA scheduler), with its metrics. */
  background?(
    documents: DocumentStore,
    runtime: Runtime,
    governance: GovernanceOptions,
    metrics: Metrics,
    logger: Logger,
  ): { dispose(): Promise<void> };
  /** Background work beside the consumer (the transport subgraph's webhook delivery), started before the server answers. */
  workers?(documents: DocumentStore, runtime: Runtime, services: { logger: Logger; metrics: Metrics }): { dispose(): Promise<void> };
  attach?(
    server: Server,
    schema: GraphQLSchema,
    documents: DocumentStore,
    runtime: Runtime,
    trust: GatewayTrust,
    governance: GovernanceOptions,
  ): { dispose(): Promise<void> };
}

export interface SubgraphStartOptions {
  runtime: Runtime;
  logger: Logger;
  host: string;
  port: number;
  /** Shared with the gateway, which signs every request to the subgraph with it. */
  subgraphSecret: string;
  /** How stale a signed HTTP request may be; left out: `LADING_SUBGRAPH_MAX_SKEW`'s default. */
  signatureMaxSkewMs?: number;
  /** Webhook delivery settings (transport only); each left out: its setting's default. */
  webhooks?: Partial<WebhookSettings>;
  /** SLA rules, scheduler interval and clock; each left out: its setting's default, the system clock. */
  governance?: Partial<GovernanceOptions>;
  /** Which requests get a log line of their own; left out: the settings' defaults (errors and slow requests only). */
  accessLog?: AccessLog;
  /** Start-up work of the process (demo data) readiness waits for, besides this subgraph's own replay of the log. */
  startup?: StartupGate;
}

/** Starts the subgraph's consumer of the event log and its HTTP service. */
export async function startSubgraph<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
  options: SubgraphStartOptions,
): Promise<RunningService> {
  const { runtime, host, port } = options;
  const logger = options.logger.child({ service: definition.name });
  const metrics = new Metrics(definition.name);
  const documents = runtime.documents(definition.name);
  const governance: GovernanceOptions = { ...optionsFrom(GOVERNANCE), clock: systemClock, ...options.governance };
  // Ready once what the log held at start is applied: a restarted instance must not answer from stale state.
  const startup = options.startup ?? new StartupGate();
  const handlers = definition.handlers?.(documents, runtime);
  const consumption = handlers ? consumeLog(definition, handlers, documents, options, metrics) : null;
  if (consumption) {
    void startup.track(`${definition.name} replay`, consumption.idle()).catch((error) => logger.error('start-up replay failed', { error }));
  }
  metrics.gaugeFrom('lading_held_events', 'Events held for an unknown aggregate', () => runtime.pipeline.held.count());
  metrics.gaugeFrom('lading_dead_letters', 'Dead-lettered events', () => runtime.pipeline.deadLetters.count());
  const workers = definition.workers?.(documents, runtime, { logger, metrics });
  if (consumption) {
    metrics.gaugeFrom(
      'lading_event_backlog',
      'Log entries this subgraph has not handled yet',
      async () => (await runtime.pipeline.log.progress(definition.name)).backlog,
    );
    metrics.labelledGaugeFrom(
      'lading_event_partition_backlog',
      'Log entries this subgraph has not handled yet, per log partition (docs/redis-layout.md)',
      ['partition'],
      async () =>
        (await runtime.pipeline.log.progressByPartition(definition.name)).map((p) => ({
          labels: { partition: String(p.partition) },
          value: p.backlog,
        })),
    );
  }
  const service = await startSubgraphServer<TContext>({
    name: definition.name,
    typeDefs: parse(readFileSync(definition.schemaPath, 'utf8')),
    resolvers: handlers
      ? withEventApplication(
          definition.resolvers as GraphQLResolverMap<TContext>,
          eventApplicationResolvers(definition.name, (type) => appliesEventType(handlers, type), documents, runtime.pipeline.retentionMs),
        )
      : (definition.resolvers as GraphQLResolverMap<TContext>),
    host,
    port,
    context: (identity) => definition.context(identity, documents, runtime, governance),
    subgraphSecret: options.subgraphSecret,
    signatureMaxSkewMs: options.signatureMaxSkewMs,
    readiness: { store: () => documents.ping(), eventLog: () => runtime.pipeline.log.ping(), startup: () => startup.check() },
    metrics,
    logger,
    accessLog: options.accessLog,
    attach:
      definition.attach &&
      ((server, schema) =>
        definition.attach!(
          server,
          schema,
          documents,
          runtime,
          { secret: options.subgraphSecret, maxSkewMs: options.signatureMaxSkewMs },
          governance,
        )),
  });
  const background = definition.background?.(documents, runtime, governance, metrics, logger);
  return {
    ...service,
    async dispose() {
      await background?.dispose();
      await service.dispose();
      logger.debug('http stopped');
      await workers?.dispose();
      await consumption?.dispose();
      logger.debug('event consumer stopped');
    },
  };
}

/** The EventApplier a subgraph's consumer applies the log with (bench/apply.ts measures the same one). */
export function subgraphApplier<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
  handlers: EventHandlers,
  documents: DocumentStore,
  runtime: Runtime,
  logger: Logger,
): EventApplier {
  return new EventApplier({
    consumer: definition.name,
    store: documents,
    handlers,
    held: runtime.pipeline.held,
    emit: (events) => runtime.pipeline.ingestor.ingestDerived(events),
    refused: async (entry, reason) => void (await runtime.pipeline.deadLetters.add(entry.event, reason, definition.name)),
    logger,
    retentionMs: runtime.pipeline.retentionMs,
    prefetch: definition.prefetch,
  });
}

/** The subgraph's consumer group of the event log, applying each entry through one EventApplier. */
function consumeLog<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
  handlers: EventHandlers,
  documents: DocumentStore,
  options: SubgraphStartOptions,
  metrics: Metrics,
): Consumption {
  const { runtime } = options;
  const applier = subgraphApplier(definition, handlers, documents, runtime, options.logger.child({ service: definition.name }));
  const counted = (type: string, recordedAtMs: number) => {
    metrics.eventsApplied.inc({ consumer: definition.name, type });
    metrics.eventLag.observe({ consumer: definition.name }, (Date.now() - recordedAtMs) / 1000);
  };
  const applied = (entry: LoggedEvent) => counted(entry.event.type, Date.parse(entry.recordedAt));
  return runtime.pipeline.consume(definition.name, {
    apply: async (entry) => {
      await applier.apply(entry);
      applied(entry);
    },
    applyMany: async (entries) => {
      await applier.applyMany(entries);
      entries.forEach(applied);
    },
    // Entries of types this subgraph ignores are acknowledged unread; they count as handled.
    handles: (type) => applier.handles(type),
    skipped: counted,
  });
}

/**
 * A consumer's resolvers with its answer to event traces (`EventTrace.<name>Application`, from its
 * handlers and its own store) beside its own EventTrace resolvers, if any.
 */
function withEventApplication<TContext>(
  resolvers: GraphQLResolverMap<TContext>,
  application: ReturnType<typeof eventApplicationResolvers>,
): GraphQLResolverMap<TContext> {
  return { ...resolvers, EventTrace: { ...resolvers.EventTrace, ...application.EventTrace } } as GraphQLResolverMap<TContext>;
}
