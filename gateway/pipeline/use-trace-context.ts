import { traceContextFrom } from '../../lib/server/trace-context';
import type { PipelinePlugin } from './types';

/** Continues the caller's W3C trace (or starts one): passed on to subgraphs and named in masked errors. */
export function useTraceContext(): PipelinePlugin {
  return {
    name: 'trace-context',
    onRequest(context) {
      context.trace = traceContextFrom(context.request.traceparent);
    },
  };
}
