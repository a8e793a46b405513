import type { OptionSource, OptionsOf } from '../settings';

/** Which requests get a log line of their own (docs/observability.md, "Logs"); every request is in the metrics. */
export const ACCESS_LOG = {
  /** Share of successful, fast requests logged: 0 by default, so a busy service writes no line per request. */
  sample: 'LADING_ACCESS_LOG_SAMPLE',
  /** A request at least this long is always logged. */
  slowMs: 'LADING_SLOW_REQUEST',
} as const satisfies OptionSource;

export type AccessLog = OptionsOf<typeof ACCESS_LOG>;

export enum AccessLogLine {
  /** A 5xx: always logged, as an error. */
  Failed = 'failed',
  /** Slower than `slowMs`: always logged, as a warning. */
  Slow = 'slow',
  /** Drawn by the sample: logged as info. */
  Sampled = 'sampled',
}

/** Whether (and as what) one finished request is logged; `draw` is a number in [0, 1) (Math.random by default). */
export function accessLogLine(policy: AccessLog, status: number, ms: number, draw: number = Math.random()): AccessLogLine | null {
  if (status >= 500) return AccessLogLine.Failed;
  if (ms >= policy.slowMs) return AccessLogLine.Slow;
  return draw < policy.sample ? AccessLogLine.Sampled : null;
}
