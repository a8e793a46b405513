import type { Identity } from '../../lib/identity/identity';
import type { CostExtension } from '../pipeline';

export interface GatewayContext {
  identity: Identity;
  /** W3C trace context of the incoming request, passed on to subgraphs. */
  traceparent?: string;
  /** Set when the request asked for `extensions.cost`: the cost of the result's data. */
  reportCost?: (data: unknown) => CostExtension;
}
