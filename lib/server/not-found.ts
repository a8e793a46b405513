import type { RequestHandler } from 'express';
import { ErrorCode } from '../errors';

/** After every route: a JSON 404 naming the path, not Express's HTML page. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ errors: [{ message: `no route for ${req.method} ${req.path}`, extensions: { code: ErrorCode.NotFound } }] });
};
