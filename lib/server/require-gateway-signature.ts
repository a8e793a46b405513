import { DEFAULTS } from '../settings';
import type { RequestHandler } from 'express';
import { ErrorCode } from '../errors';
import { IDENTITY_HEADER } from '../identity/forwarding';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyParts } from '../identity/request-signing';

/**
 * Subgraphs trust only the gateway: any GraphQL request (`_entities` and `_service` included)
 * without a valid, fresh gateway signature over its exact body is answered 401. Runs after a body
 * parser that kept the raw bytes in `req.rawBody`.
 */
export function requireGatewaySignature(secret: string, maxSkewMs = DEFAULTS.LADING_SUBGRAPH_MAX_SKEW): RequestHandler {
  return (req, res, next) => {
    const refuse = (reason: string) =>
      void res
        .status(401)
        .json({ errors: [{ message: `subgraphs answer only the gateway: ${reason}`, extensions: { code: ErrorCode.Unauthenticated } }] });
    const raw = (req as { rawBody?: Buffer }).rawBody;
    // The gateway only POSTs JSON. A GET carries its operation in the URL, outside the signed body, and
    // an empty body is what a graphql-ws connection_init signs: either would let a signature be reused.
    if (req.method !== 'POST' || !raw || raw.length === 0) return refuse('only signed POSTs with a JSON body are accepted');
    const check = verifyParts(
      secret,
      { timestamp: req.header(TIMESTAMP_HEADER) ?? '', identity: req.header(IDENTITY_HEADER) ?? '', body: raw },
      req.header(SIGNATURE_HEADER),
      Date.now(),
      maxSkewMs,
    );
    if (check.ok) return next();
    refuse(check.reason);
  };
}
