import type { GraphQLDataSource, GraphQLDataSourceProcessOptions, ServiceMap } from '@apollo/gateway';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../graphql/gateway-context';

type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;
type Options = GraphQLDataSourceProcessOptions<GatewayContext>;

/** Representations sent in one `_entities` fetch: well inside a subgraph's 1 MB request body limit. */
export const MAX_REPRESENTATIONS = 1000;

interface Waiting {
  options: Options;
  count: number;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
}

interface Pending {
  source: GraphQLDataSource;
  waiting: Waiting[];
}

/**
 * Entity fetches of subscription updates, gathered per tick (DataLoader's way): every `_entities`
 * fetch issued in one turn of the event loop with the same subgraph, identity, query and other
 * variables goes out as one request carrying all their representations (up to MAX_REPRESENTATIONS
 * each), and each caller gets its own slice of the answer. A burst of updates therefore costs one
 * request per subgraph per tick, not one per update; a failed request fails each of its callers,
 * which the executor turns into null fields and an error naming the subgraph.
 */
export class EntityBatcher {
  private readonly pending = new Map<string, Pending>();
  private scheduled = false;
  /** The data sources updates resolve through: every other fetch passes straight on. */
  readonly serviceMap: ServiceMap;

  constructor(sources: ServiceMap) {
    this.serviceMap = Object.fromEntries(
      Object.entries(sources).map(([name, source]) => [name, { process: (options: Options) => this.process(name, source, options) }]),
    );
  }

  private process(name: string, source: GraphQLDataSource, options: Options): Promise<Response> {
    const { query, variables } = options.request;
    const representations: unknown = variables?.representations;
    if (!query || !variables || !Array.isArray(representations)) return source.process(options);
    const { representations: _, ...others } = variables;
    const key = `${name}\u0000${JSON.stringify(options.context?.identity ?? null)}\u0000${query}\u0000${JSON.stringify(others)}`;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { source, waiting: [] };
      this.pending.set(key, batch);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      // After every update of this tick has issued its fetches (they start in microtasks of this turn).
      setImmediate(() => this.flush());
    }
    const waiting = batch.waiting;
    return new Promise((resolve, reject) => waiting.push({ options, count: representations.length, resolve, reject }));
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.pending.values()];
    this.pending.clear();
    for (const batch of batches) for (const chunk of chunksOf(batch.waiting)) void send(batch.source, chunk);
  }
}

/** Consecutive callers whose representations add up to at most MAX_REPRESENTATIONS (a bigger one goes alone). */
function chunksOf(waiting: Waiting[]): Waiting[][] {
  const chunks: Waiting[][] = [];
  let current: Waiting[] = [];
  let size = 0;
  for (const caller of waiting) {
    if (current.length > 0 && size + caller.count > MAX_REPRESENTATIONS) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(caller);
    size += caller.count;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

async function send(source: GraphQLDataSource, callers: Waiting[]): Promise<void> {
  const first = callers[0].options;
  const representations = callers.flatMap((caller) => caller.options.request.variables?.representations as unknown[]);
  const request = { ...first.request, variables: { ...first.request.variables, representations } };
  let response: Response;
  try {
    response = await (callers.length === 1 ? source.process(first) : source.process({ ...first, request }));
  } catch (error) {
    for (const caller of callers) caller.reject(error);
    return;
  }
  if (callers.length === 1) return callers[0].resolve(response);
  const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
  let offset = 0;
  for (const caller of callers) {
    const from = offset;
    offset += caller.count;
    if (!Array.isArray(entities)) {
      // No entities at all (the whole fetch failed in the subgraph): every caller gets the same answer.
      caller.resolve({ data: response.data, errors: response.errors });
      continue;
    }
    const errors = errorsOf(response.errors, from, caller.count);
    caller.resolve({ data: { _entities: entities.slice(from, from + caller.count) }, ...(errors.length > 0 && { errors }) });
  }
}

/**
 * A caller's errors: those whose path points into its slice of `_entities`, re-indexed to it, and
 * those without such a path (they concern the whole fetch, so every caller).
 */
function errorsOf(errors: readonly GraphQLFormattedError[] | undefined, from: number, count: number): GraphQLFormattedError[] {
  const own: GraphQLFormattedError[] = [];
  for (const error of errors ?? []) {
    const [field, index, ...rest] = error.path ?? [];
    if (field !== '_entities' || typeof index !== 'number') own.push(error);
    else if (index >= from && index < from + count) own.push({ ...error, path: [field, index - from, ...rest] });
  }
  return own;
}
