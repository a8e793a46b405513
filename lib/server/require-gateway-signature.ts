import { RequestHandler } from 'express';
import { ErrorCode } from '../errors';
import { IDENTITY_HEADER } from '../identity/forwarding';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyParts } from '../identity/request-signing';

/**
 * Subgraphs trust only the gateway: any GraphQL request (`_entities` and `_service` included)
 * without a valid, fresh gateway signature over its exact body is answered 401. Runs after a body
 * parser that kept the raw bytes in `req.rawBody`.
 */
export function requireGatewaySignature(secret: string): RequestHandler {
  return (req, res, next) => {
    const raw = (req as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    const check = verifyParts(
      secret,
      { timestamp: req.header(TIMESTAMP_HEADER) ?? '', identity: req.header(IDENTITY_HEADER) ?? '', body: raw },
      req.header(SIGNATURE_HEADER),
    );
    if (check.ok) return next();
    res.status(401).json({ errors: [{ message: `subgraphs answer only the gateway: ${check.reason}`, extensions: { code: ErrorCode.Unauthenticated } }] });
  };
}
