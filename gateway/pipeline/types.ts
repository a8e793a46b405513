import type { DocumentNode, GraphQLError, GraphQLFormattedError, OperationDefinitionNode } from 'graphql';
import type { Identity } from '../../lib/identity/identity';
import type { TraceContext } from '../../lib/server/trace-context';
import type { CostExtension } from './cost-report';

/** How an operation reached the gateway; subscriptions need a transport that can stream. */
export enum TransportKind {
  Http = 'http',
  GraphqlWs = 'graphql-ws',
  Sse = 'sse',
  Multipart = 'multipart',
}

/** Transports that can deliver a subscription's stream of results. */
export const STREAMING_TRANSPORTS: ReadonlySet<TransportKind> = new Set([
  TransportKind.GraphqlWs,
  TransportKind.Sse,
  TransportKind.Multipart,
]);

/**
 * What a request comes for, which decides the roles it admits (use-role-gate.ts): the graph (over any
 * transport), event ingest (`POST /events`, `/edi/x12-214`, `/dcsa/events`) or the operations page's data.
 */
export enum Door {
  Graph = 'graph',
  Ingest = 'ingest',
  Operations = 'operations',
}

/** One GraphQL operation as any transport receives it. */
export interface PipelineRequest {
  transport: TransportKind;
  /** The graph unless said otherwise: the other doors carry no GraphQL operation (`pipeline.enter`). */
  door?: Door;
  /** The `Authorization` value (`Bearer …`); unused when `identity` is given. */
  authorization?: unknown;
  /** An identity the transport already verified (graphql-ws authenticates once, in `connection_init`). */
  identity?: Identity;
  /** W3C `traceparent` of the request, if any. */
  traceparent?: unknown;
  query: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
  /** Where a client subscribes (the graphql-ws URL), named when a subscription arrives on a transport that cannot stream. */
  subscribeAt?: string;
}

/** What the guards know about a request as it moves through the pipeline. */
export interface PipelineContext {
  readonly request: PipelineRequest;
  identity?: Identity;
  /** When the credentials expire (ms since the epoch), if they say. */
  expiresAt?: number;
  trace?: TraceContext;
  /** The document's text when a guard resolved it (a persisted query's hash); else the request's `query`. */
  query?: string;
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  variables: Record<string, unknown>;
  /** Estimated cost of the operation (gateway/limits/operation-limits.ts), once the document is parsed. */
  cost?: number;
  /** Why the operation limits refuse it, if they do. */
  overLimit?: string;
  /** The request is malformed (no document, syntax, validation, variables) and will be refused; guards only account for it. */
  invalid?: boolean;
}

/** An operation refused before execution: the HTTP status a plain-HTTP transport answers with, and client-ready errors. */
export interface Refusal {
  ok: false;
  status: number;
  headers?: Record<string, string>;
  errors: GraphQLFormattedError[];
  /** A GraphQL request error (the document does not parse or validate, the variables do not coerce), which GraphQL over HTTP answers 200 to `application/json` clients. */
  requestError?: boolean;
}

/** An operation ready to execute: the one parsed and validated document, and the context resolvers see. */
export interface Prepared {
  ok: true;
  /** The text of `document`: the request's `query`, or the persisted document its hash named. */
  query: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  identity: Identity;
  /** When the credentials expire (ms since the epoch), if they say: a stream opened with them ends then. */
  expiresAt?: number;
  traceparent?: string;
  cost: number;
  /** When the request asked for `extensions.cost`: the estimate and the actual cost of a result's data. */
  reportCost?: (data: unknown) => CostExtension;
}

export type Preparation = Prepared | Refusal;

/** A guard's answer: nothing to continue, a refusal to stop. */
export type GuardResult = Refusal | void;

/**
 * One guard of the pipeline (`useX(options)`, one per file). `onRequest` runs before the document is
 * parsed, `onOperation` after it is parsed and validated; `formatError` shapes every error a client
 * gets for the request, refusals and execution errors alike.
 */
export interface PipelinePlugin {
  readonly name: string;
  onRequest?(context: PipelineContext): GuardResult | Promise<GuardResult>;
  onOperation?(context: PipelineContext): GuardResult | Promise<GuardResult>;
  formatError?(context: FormatContext, formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError;
}

/** What error formatting may know: who asked and under which trace. */
export interface FormatContext {
  identity?: Identity;
  traceId?: string;
}

/** A refusal with one coded error. */
export function refuse(status: number, code: string, message: string, headers?: Record<string, string>): Refusal {
  return { ok: false, status, headers, errors: [{ message, extensions: { code } }] };
}

/** A refusal carrying GraphQL errors as they are (parse and validation errors keep their locations). */
export function refuseWith(status: number, errors: readonly GraphQLError[]): Refusal {
  return { ok: false, status, errors: errors.map((e) => e.toJSON()), requestError: true };
}

/**
 * A request to a door that carries no GraphQL operation: it passes the same guards as an operation
 * (authentication, role, trace, the budget), charged `cost` as an operation of that estimated cost.
 */
export interface DoorRequest {
  door: Door;
  authorization?: unknown;
  traceparent?: unknown;
  /** Estimated cost in the units of an operation's estimate (default 1: one token). */
  cost?: number;
}

/** A door request the guards let in: who, and the trace to continue. */
export interface Entry {
  ok: true;
  identity: Identity;
  traceparent?: string;
  /** When the credentials expire (ms since the epoch), if they say: a stream opened through the door ends then. */
  expiresAt?: number;
}

/** A principal admitted to a session (graphql-ws `connection_init`): who, and until when. */
export interface Admission {
  ok: true;
  identity: Identity;
  expiresAt?: number;
}
