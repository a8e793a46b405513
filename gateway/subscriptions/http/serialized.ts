import { ExecutionResult } from 'graphql';

const cache = new WeakMap<ExecutionResult, string>();

/**
 * The JSON of a result, computed once: every subscriber of a shared stream receives the same result
 * object, so one event is serialized once and the same bytes are written to every HTTP stream.
 */
export function serialized(result: ExecutionResult): string {
  let json = cache.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    cache.set(result, json);
  }
  return json;
}
