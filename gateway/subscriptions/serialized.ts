import type { ExecutionResult } from 'graphql';

const cache = new WeakMap<ExecutionResult, string>();
let count = 0;

/**
 * The JSON of a result, computed once: every subscriber of a shared stream receives the same result
 * object, so one event is serialized once and the same bytes go to every socket and HTTP stream.
 */
export function serialized(result: ExecutionResult): string {
  let json = cache.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    cache.set(result, json);
    count++;
  }
  return json;
}

/** Results serialized so far in this process (`lading_subscription_serializations_total`). */
export function serializationCount(): number {
  return count;
}
