import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { GraphQLError, OperationTypeNode, getOperationAST } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { ErrorCode } from '../../lib/errors';
import type { DocumentCache } from './document-cache';
import type { CostEstimate } from './cost-estimate';
import type { CostExtension, CostMeasure } from './cost-report';
import { asksForCost } from './cost-report';
import type {
  Admission,
  DoorRequest,
  Entry,
  FormatContext,
  PipelineContext,
  PipelinePlugin,
  PipelineRequest,
  Preparation,
  Refusal,
} from './types';
import { STREAMING_TRANSPORTS, TransportKind, refuse, refuseWith } from './types';

export interface RequestPipeline {
  /** Runs every guard over one operation: prepared execution arguments, or a refusal with client-ready errors. */
  prepare(request: PipelineRequest): Promise<Preparation>;
  /** The request-level guards only (authentication, role, trace): for a session opened once (graphql-ws `connection_init`). */
  admit(request: Pick<PipelineRequest, 'transport' | 'authorization'>): Promise<Admission | Refusal>;
  /** Every guard, for a plain HTTP request that carries no GraphQL operation (ingest, operations page): who, or a refusal. */
  enter(request: DoorRequest): Promise<Entry | Refusal>;
  /** Errors as a client may see them (suggestions, masking, trace), for the results of an execution. */
  formatErrors(context: FormatContext, errors: readonly GraphQLFormattedError[], originals?: readonly unknown[]): GraphQLFormattedError[];
  readonly documents: DocumentCache;
}

export interface RequestPipelineOptions {
  schema: GraphQLSchema;
  documents: DocumentCache;
  /** Estimates an operation's cost and checks it against the limits, once per request. */
  estimate: CostEstimate;
  /** The actual cost of an executed operation, for a request that asks for `extensions.cost`. */
  measure?: CostMeasure;
  /** In order: request guards run before parsing, operation guards after; the first refusal wins. */
  plugins: readonly PipelinePlugin[];
}

/** Errors of the request itself (before execution) are 400 unless a guard says otherwise; HTTP adapts to `Accept`. */
const BAD_REQUEST = 400;

/** The same errors with a code, their locations kept. */
function withCode(errors: readonly GraphQLError[], code: string): GraphQLError[] {
  return errors.map(
    (e) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code } }),
  );
}

function objectOrEmpty(raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined || raw === null) return {};
  return typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
}

/**
 * The one request pipeline every transport calls (HTTP, graphql-ws, streaming HTTP): guards registered
 * once, in order, decide for every operation alike. A document is parsed and validated once per
 * distinct text (DocumentCache), and that same document is what the limits weigh and what executes.
 * Order: request guards, parse and estimate, operation guards (budget, limits, introspection), then
 * validation, which is the costliest step for a hostile document and so runs only for admitted ones.
 */
export function createRequestPipeline(options: RequestPipelineOptions): RequestPipeline {
  const { plugins, documents } = options;
  const formatErrors: RequestPipeline['formatErrors'] = (context, errors, originals) =>
    errors.map((error, i) =>
      plugins.reduce(
        (formatted, plugin) => (plugin.formatError ? plugin.formatError(context, formatted, originals?.[i] ?? error) : formatted),
        error,
      ),
    );

  const finish = (context: PipelineContext, refusal: Refusal): Refusal => ({
    ...refusal,
    errors: formatErrors({ identity: context.identity, traceId: context.trace?.traceId }, refusal.errors),
  });

  async function run(hook: 'onRequest' | 'onOperation', context: PipelineContext): Promise<Refusal | void> {
    for (const plugin of plugins) {
      const refusal = await plugin[hook]?.(context);
      if (refusal) return refusal;
    }
  }

  /** Parse, pick the operation, estimate its cost: what the guards weigh. Syntax errors and the like refuse here. */
  function resolve(context: PipelineContext): Refusal | void {
    const { request } = context;
    const query = context.query ?? request.query;
    if (typeof query !== 'string' || query.trim() === '') {
      const persisted = typeof request.extensions === 'object' && request.extensions !== null && 'persistedQuery' in request.extensions;
      // A hash no guard resolved (no trusted-documents guard) would reach execution without the limits ever seeing its document.
      if (persisted) return refuse(BAD_REQUEST, 'PERSISTED_QUERY_NOT_SUPPORTED', 'PersistedQueryNotSupported');
      return refuse(BAD_REQUEST, ErrorCode.BadUserInput, 'the request has no GraphQL document: send the operation in `query`');
    }
    const variables = objectOrEmpty(request.variables);
    if (variables === undefined) return refuse(BAD_REQUEST, ErrorCode.BadUserInput, '`variables` must be a JSON object');
    if (request.operationName != null && typeof request.operationName !== 'string')
      return refuse(BAD_REQUEST, ErrorCode.BadUserInput, '`operationName` must be a string');
    context.variables = variables;
    const parsed = documents.parse(query);
    if (!parsed.ok) {
      if (/tokens/.test(parsed.errors[0]?.message ?? ''))
        return refuse(BAD_REQUEST, ErrorCode.TooComplex, 'operation has more tokens than allowed');
      return refuseWith(BAD_REQUEST, withCode(parsed.errors, 'GRAPHQL_PARSE_FAILED'));
    }
    context.document = parsed.document;
    const operation = getOperationAST(parsed.document, request.operationName ?? undefined);
    if (!operation)
      return refuse(
        BAD_REQUEST,
        ErrorCode.BadUserInput,
        "no single operation to run: name one of the document's operations in `operationName`",
      );
    context.operation = operation;
    const estimate = options.estimate(parsed.document, variables);
    if (estimate.ok) context.cost = estimate.cost;
    else context.overLimit = estimate.message;
  }

  /** After the guards admitted it: validate (once per document), coerce the variables, check the transport can run it. */
  function check(context: PipelineContext): Refusal | void {
    const { request, operation } = context;
    const invalid = documents.validate((context.query ?? request.query) as string);
    if (invalid.length > 0) return refuseWith(BAD_REQUEST, withCode(invalid, 'GRAPHQL_VALIDATION_FAILED'));
    if (!operation) return;
    const coerced = getVariableValues(options.schema, operation.variableDefinitions ?? [], context.variables, { maxErrors: 20 });
    if (coerced.errors) return refuseWith(BAD_REQUEST, withCode(coerced.errors, ErrorCode.BadUserInput));
    if (operation.operation === OperationTypeNode.SUBSCRIPTION && !STREAMING_TRANSPORTS.has(request.transport)) {
      const at = request.subscribeAt ? ` at ${request.subscribeAt}` : '';
      return refuse(
        BAD_REQUEST,
        ErrorCode.BadUserInput,
        `subscriptions are not served over a plain HTTP request: subscribe over graphql-ws (subprotocol graphql-transport-ws)${at}`,
      );
    }
  }

  return {
    documents,
    formatErrors,
    async admit(request) {
      const context: PipelineContext = { request: { ...request, query: undefined }, variables: {} };
      const refused = await run('onRequest', context);
      if (refused) return finish(context, refused);
      if (!context.identity) throw new Error('the pipeline has no authentication plugin');
      return { ok: true, identity: context.identity, expiresAt: context.expiresAt };
    },
    async enter(request) {
      const { door, authorization, traceparent } = request;
      // No document to parse or validate: the guards that weigh one find none, and the budget is charged the door's cost.
      const context: PipelineContext = {
        request: { transport: TransportKind.Http, door, authorization, traceparent, query: undefined },
        variables: {},
        cost: request.cost ?? 1,
      };
      const refused = (await run('onRequest', context)) ?? (await run('onOperation', context));
      if (refused) return finish(context, refused);
      if (!context.identity) throw new Error('the pipeline has no authentication plugin');
      return { ok: true, identity: context.identity, traceparent: context.trace?.traceparent, expiresAt: context.expiresAt };
    },
    async prepare(request) {
      const context: PipelineContext = { request, identity: request.identity, variables: {} };
      const early = await run('onRequest', context);
      if (early) return finish(context, early);
      const invalid = resolve(context);
      if (invalid) {
        // A malformed request still spends budget (1 token), or a flood of them would cost nothing.
        context.invalid = true;
        const limited = await run('onOperation', context);
        return finish(context, limited?.status === 429 ? limited : invalid);
      }
      const refused = (await run('onOperation', context)) ?? check(context);
      if (refused) return finish(context, refused);
      if (!context.identity || !context.document || !context.operation) throw new Error('the pipeline has no authentication plugin');
      const { document, operation, variables } = context;
      const estimated = context.cost ?? 1;
      const reportCost =
        options.measure && asksForCost(request.extensions)
          ? (data: unknown): CostExtension => ({ estimated, actual: options.measure?.(document, operation, variables, data) ?? 0 })
          : undefined;
      return {
        ok: true,
        query: (context.query ?? request.query) as string,
        document: context.document,
        operation: context.operation,
        operationName: (request.operationName as string | null | undefined) ?? undefined,
        variables: context.variables,
        identity: context.identity,
        expiresAt: context.expiresAt,
        traceparent: context.trace?.traceparent,
        cost: estimated,
        reportCost,
      };
    },
  };
}
