import { createLogger } from '../logger';
import type { GraphQLRequestContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { useErrorTrace } from './error-trace';
import { maskError } from './mask-errors';

describe('maskError', () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({}, 'info', (line) => lines.push(JSON.parse(line)));
  const traceId = 'a'.repeat(32);

  /** What Apollo does: the request's plugins see its errors first, then each is formatted. */
  async function inRequest(error: GraphQLError) {
    const plugin = useErrorTrace(() => traceId);
    const request = { errors: [error] } as unknown as GraphQLRequestContext<object>;
    const listener = await plugin.requestDidStart!(request);
    await listener!.didEncounterErrors!(request as never);
  }

  it('keeps an error with a public code, without its stack trace', () => {
    const formatted = { message: 'Shipment S not found', extensions: { code: 'NOT_FOUND', stacktrace: ['at x (/srv/a.ts:1:1)'] } };
    expect(maskError(formatted, new Error(), logger)).toEqual({ message: 'Shipment S not found', extensions: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['no code', { message: 'ECONNREFUSED 10.0.0.7:6379', path: ['shipment'] }],
    ['an internal code', { message: 'Cannot read properties of undefined', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    ['an unknown code', { message: 'secret detail', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }],
  ])('masks an error with %s, naming the trace, and logs the detail under it', async (_case, formatted) => {
    const error = new GraphQLError(formatted.message);
    await inRequest(error);
    const masked = maskError(formatted, error, logger);
    expect(masked.message).toMatch(/^Internal server error \(reference [0-9a-f-]{36}\)$/);
    expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String), traceId });
    expect(lines.at(-1)).toMatchObject({ level: 'error', traceId, errorId: masked.extensions!.errorId, message: formatted.message });
  });

  it('masks outside a request too, without a trace id', () => {
    expect(maskError({ message: 'boom' }, new Error('boom'), logger).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      errorId: expect.any(String),
    });
  });

  describe('by policy', () => {
    const fromSubgraph = {
      message: 'pallet P-1 is on hold',
      path: ['stock'],
      extensions: { code: 'STOCK_ON_HOLD', serviceName: 'inventory' },
    };
    const uncoded = {
      message: 'inventory database unreachable',
      path: ['stock'],
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'inventory' },
    };

    it('passes a code the policy lists with its message, and masks the others as before', () => {
      const policy = { publicCodes: ['STOCK_ON_HOLD'], forwardSubgraphErrors: false };
      expect(maskError(fromSubgraph, new Error(), logger, undefined, policy)).toEqual(fromSubgraph);
      expect(maskError(uncoded, new Error(), logger, undefined, policy).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    });

    it('forwards subgraph errors with their message under the switch, as DOWNSTREAM_SERVICE_ERROR unless they carry a code', () => {
      const policy = { publicCodes: [], forwardSubgraphErrors: true };
      const stacked = { ...uncoded, extensions: { ...uncoded.extensions, stacktrace: ['at x (/srv/a.ts:1:1)'] } };
      expect(maskError(stacked, new Error(), logger, undefined, policy)).toEqual(uncoded);
      expect(maskError(fromSubgraph, new Error(), logger, undefined, policy)).toEqual(fromSubgraph);
      const withoutCode = { message: 'timeout', extensions: { serviceName: 'inventory' } };
      expect(maskError(withoutCode, new Error(), logger, undefined, policy).extensions).toEqual({
        serviceName: 'inventory',
        code: 'DOWNSTREAM_SERVICE_ERROR',
      });
    });

    it("still masks the gateway's own internal errors under the switch", () => {
      const masked = maskError({ message: 'planner crashed' }, new Error(), logger, undefined, {
        publicCodes: [],
        forwardSubgraphErrors: true,
      });
      expect(masked.message).toMatch(/^Internal server error/);
    });
  });
});
