import type { Identity } from '../../lib/identity/identity';

export interface GatewayContext {
  identity: Identity;
  /** W3C trace context of the incoming request, passed on to subgraphs. */
  traceparent?: string;
}
