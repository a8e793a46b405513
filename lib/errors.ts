import { GraphQLError } from 'graphql';

/** The one catalogue of error codes clients see in `extensions.code`. */
export enum ErrorCode {
  NotFound = 'NOT_FOUND',
  Forbidden = 'FORBIDDEN',
  Unauthenticated = 'UNAUTHENTICATED',
  BadUserInput = 'BAD_USER_INPUT',
  Internal = 'INTERNAL_SERVER_ERROR',
  SubgraphUnavailable = 'SUBGRAPH_UNAVAILABLE',
  SubgraphTimeout = 'SUBGRAPH_TIMEOUT',
  TooComplex = 'QUERY_TOO_COMPLEX',
  RateLimited = 'RATE_LIMITED',
  /** A live subscriber missed updates (too slow, cursor too old, upstream lost): resume with `after: extensions.lastCursor`. */
  UpdatesMissed = 'UPDATES_MISSED',
  /** A persisted query's hash is unknown where it may be registered: send the document with its hash (automatic persisted queries). */
  PersistedQueryNotFound = 'PERSISTED_QUERY_NOT_FOUND',
  /** A hash that is not in the trusted documents, from a role for which they are enforced. */
  PersistedQueryNotInList = 'PERSISTED_QUERY_NOT_IN_LIST',
  /** A document that is not in the trusted documents, from a role for which they are enforced. */
  QueryNotInSafelist = 'QUERY_NOT_IN_SAFELIST',
}

abstract class LadingError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** Missing, or belonging to another customer: the two are indistinguishable on purpose. */
export class NotFoundError extends LadingError {
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`, ErrorCode.NotFound);
  }
}

export class ForbiddenError extends LadingError {
  constructor(message = 'your role may not do this') {
    super(message, ErrorCode.Forbidden);
  }
}

export class UnauthenticatedError extends LadingError {
  constructor(message = 'a valid bearer token is required') {
    super(message, ErrorCode.Unauthenticated);
  }
}

export class UserInputError extends LadingError {
  constructor(message: string) {
    super(message, ErrorCode.BadUserInput);
  }
}

/** A subgraph could not be reached, failed, or its circuit breaker is open; `extensions.subgraph` names it. */
export class SubgraphUnavailableError extends LadingError {
  constructor(subgraph: string, why?: string) {
    super(why ? `subgraph ${subgraph} is unavailable: ${why}` : `subgraph ${subgraph} is unavailable`, ErrorCode.SubgraphUnavailable, {
      subgraph,
    });
  }
}

/** A subgraph did not answer within its timeout (`LADING_<NAME>_TIMEOUT`); `extensions.subgraph` names it. */
export class SubgraphTimeoutError extends LadingError {
  constructor(subgraph: string, timeoutMs: number) {
    super(`subgraph ${subgraph} did not answer within ${timeoutMs} ms`, ErrorCode.SubgraphTimeout, { subgraph });
  }
}
