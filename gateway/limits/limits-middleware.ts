import { ErrorRequestHandler, RequestHandler } from 'express';
import { GraphQLError, GraphQLSchema, parse } from 'graphql';
import { ErrorCode } from '../../lib/errors';
import { OperationLimits, checkOperationLimits } from './operation-limits';

function refuse(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Variables as Apollo will see them: GET sends them as a JSON string, and a cost counts them. */
function variablesOf(raw: unknown): Record<string, unknown> {
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return {};
    }
  }
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

/**
 * Refuses, with 400 and a code, operations over the limits before Apollo parses, validates or
 * plans them: a hostile document costs one bounded parse and a linear walk, nothing more.
 */
export function operationLimits(schema: GraphQLSchema, limits: OperationLimits): RequestHandler {
  return (req, res, next) => {
    const body = req.method === 'GET' ? req.query : req.body;
    if (Array.isArray(body)) {
      res.status(400).json(refuse(ErrorCode.BadUserInput, 'batched operations are not supported: send one operation per request'));
      return;
    }
    const query = body && typeof body === 'object' ? (body as { query?: unknown }).query : undefined;
    if (typeof query !== 'string') return next();
    let document;
    try {
      document = parse(query, { maxTokens: limits.maxTokens });
    } catch (error) {
      const message = (error as GraphQLError).message;
      const tooLong = /tokens/.test(message);
      res.status(400).json(refuse(tooLong ? ErrorCode.TooComplex : 'GRAPHQL_PARSE_FAILED', tooLong ? `operation has more than ${limits.maxTokens} tokens` : message));
      return;
    }
    const variables = variablesOf((body as { variables?: unknown }).variables);
    const check = checkOperationLimits(schema, document, variables, limits);
    if (!check.ok) {
      res.status(400).json(refuse(ErrorCode.TooComplex, check.message));
      return;
    }
    next();
  };
}

/** A body over the limit is 413 with a JSON error, like every other refusal. */
export const bodyTooLarge: ErrorRequestHandler = (error, _req, res, next) => {
  if ((error as { type?: string })?.type === 'entity.too.large') {
    res.status(413).json(refuse(ErrorCode.BadUserInput, 'request body is too large'));
    return;
  }
  if ((error as { type?: string })?.type === 'entity.parse.failed') {
    res.status(400).json(refuse(ErrorCode.BadUserInput, 'request body is not valid JSON'));
    return;
  }
  next(error);
};
