import type { SettingValues } from '../settings';
import { DEFAULTS } from '../settings';

/** Which errors reach a client with their message (docs/request-pipeline.md, "Errors by policy"). */
export interface ErrorPolicy {
  /** Codes beyond Lading's own public ones whose errors keep their message: `LADING_PUBLIC_ERROR_CODES`. */
  publicCodes: readonly string[];
  /** Subgraph errors keep their message, as @apollo/gateway forwards them: `LADING_FORWARD_SUBGRAPH_ERRORS`. */
  forwardSubgraphErrors: boolean;
}

/** The policy the two settings make (their defaults when not set: Lading's own public codes only). */
export function errorPolicyFrom(s: Pick<SettingValues, 'LADING_PUBLIC_ERROR_CODES' | 'LADING_FORWARD_SUBGRAPH_ERRORS'>): ErrorPolicy {
  return { publicCodes: s.LADING_PUBLIC_ERROR_CODES ?? [], forwardSubgraphErrors: s.LADING_FORWARD_SUBGRAPH_ERRORS };
}

/** With every setting at its default. */
export const DEFAULT_ERROR_POLICY: ErrorPolicy = errorPolicyFrom(DEFAULTS);

/** The code @apollo/gateway gives a subgraph error that carries none. */
export const DOWNSTREAM_SERVICE_ERROR = 'DOWNSTREAM_SERVICE_ERROR';
