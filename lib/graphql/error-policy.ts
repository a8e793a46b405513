/** Which errors reach a client with their message (docs/request-pipeline.md, "Errors by policy"). */
export interface ErrorPolicy {
  /** Codes beyond Lading's own public ones whose errors keep their message: `LADING_PUBLIC_ERROR_CODES`. */
  publicCodes: readonly string[];
  /** Subgraph errors keep their message, as @apollo/gateway forwards them: `LADING_FORWARD_SUBGRAPH_ERRORS`. */
  forwardSubgraphErrors: boolean;
}

export const DEFAULT_ERROR_POLICY: ErrorPolicy = { publicCodes: [], forwardSubgraphErrors: false };

/** The code @apollo/gateway gives a subgraph error that carries none. */
export const DOWNSTREAM_SERVICE_ERROR = 'DOWNSTREAM_SERVICE_ERROR';
