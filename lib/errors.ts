import { GraphQLError } from 'graphql';

/** The one catalogue of error codes clients see in `extensions.code`. */
export enum ErrorCode {
  NotFound = 'NOT_FOUND',
  Forbidden = 'FORBIDDEN',
  Unauthenticated = 'UNAUTHENTICATED',
  BadUserInput = 'BAD_USER_INPUT',
  Internal = 'INTERNAL_SERVER_ERROR',
  SubgraphUnavailable = 'SUBGRAPH_UNAVAILABLE',
  TooComplex = 'QUERY_TOO_COMPLEX',
  RateLimited = 'RATE_LIMITED',
  /** A live subscriber missed updates (too slow, cursor too old, upstream lost): resume with `after: extensions.lastCursor`. */
  UpdatesMissed = 'UPDATES_MISSED',
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
