import type { GraphQLDataSourceProcessOptions, ServiceMap } from '@apollo/gateway';
import type { Identity } from '../../lib/identity/identity';
import type { Logger } from '../../lib/logger';

/** Ids asked of a subgraph in one `_entities` fetch. */
const BATCH = 500;

interface Batch {
  serviceName: string;
  scope: Identity;
  typename: string;
  waiting: Map<string, ((visible: boolean) => void)[]>;
}

/**
 * Whether entities exist and a scope may see them, asked of the subgraph that serves them: the ids
 * asked within one tick go in `_entities` fetches of up to 500 (an entity the scope may not see
 * resolves to null there, like one that does not exist). A narrowed subscription rides a shared
 * upstream that no longer names its entity, so this is how it still fails with NOT_FOUND.
 */
export class EntityVisibility {
  private readonly pending = new Map<string, Batch>();

  constructor(
    private readonly serviceMap: ServiceMap,
    private readonly logger: Logger,
  ) {}

  visible(serviceName: string, scope: Identity, typename: string, id: string): Promise<boolean> {
    const key = `${serviceName}\u0000${scope.sub}\u0000${typename}`;
    let batch = this.pending.get(key);
    if (!batch) {
      const created: Batch = { serviceName, scope, typename, waiting: new Map() };
      this.pending.set(key, created);
      setImmediate(() => {
        this.pending.delete(key);
        void this.ask(created);
      });
      batch = created;
    }
    const waiting = batch.waiting;
    return new Promise((resolve) => {
      const list = waiting.get(id);
      if (list) list.push(resolve);
      else waiting.set(id, [resolve]);
    });
  }

  private async ask(batch: Batch): Promise<void> {
    const ids = [...batch.waiting.keys()];
    for (let start = 0; start < ids.length; start += BATCH) {
      const chunk = ids.slice(start, start + BATCH);
      const found = await this.fetch(batch, chunk);
      chunk.forEach((id, i) => {
        // When the subgraph cannot answer, let the subscription stand: its upstream is scoped anyway.
        const visible = found ? found[i] !== null && found[i] !== undefined : true;
        for (const resolve of batch.waiting.get(id) ?? []) resolve(visible);
      });
    }
  }

  private async fetch(batch: Batch, ids: string[]): Promise<unknown[] | undefined> {
    const source = this.serviceMap[batch.serviceName];
    try {
      // A fetch of the gateway's own, outside any client request: the data source reads only request and context.
      const response = await source.process({
        request: {
          query: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${batch.typename} { id } } }`,
          variables: { representations: ids.map((id) => ({ __typename: batch.typename, id })) },
        },
        context: { identity: batch.scope },
      } as unknown as GraphQLDataSourceProcessOptions);
      const entities = (response.data as { _entities?: unknown[] } | undefined)?._entities;
      if (Array.isArray(entities)) return entities;
      this.logger.warn('entity visibility check answered without _entities', { subgraph: batch.serviceName, errors: response.errors });
    } catch (error) {
      this.logger.warn('entity visibility check failed', { subgraph: batch.serviceName, error });
    }
    return undefined;
  }
}
