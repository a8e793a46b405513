import { optionsFrom } from '../settings';
import { ACCESS_LOG, AccessLogLine, accessLogLine } from './access-log';

describe('accessLogLine', () => {
  const quiet = optionsFrom(ACCESS_LOG);
  const sampled = { sample: 0.25, slowMs: 500 };

  it.each([
    ['a fast success, by default', quiet, 200, 3, 0, null],
    ['a fast client error, by default', quiet, 400, 3, 0, null],
    ['a server error', quiet, 502, 3, 0.9, AccessLogLine.Failed],
    ['a slow request (default 1 s)', quiet, 200, 1000, 0.9, AccessLogLine.Slow],
    ['a request just under the threshold', sampled, 200, 499, 0.9, null],
    ['a request drawn by the sample', sampled, 200, 3, 0.2, AccessLogLine.Sampled],
    ['a request the sample leaves out', sampled, 200, 3, 0.25, null],
    ['every request when the sample is 1', { sample: 1, slowMs: 500 }, 404, 3, 0.999, AccessLogLine.Sampled],
  ])('%s', (_, policy, status, ms, draw, line) => {
    expect(accessLogLine(policy, status, ms, draw)).toBe(line);
  });

  it('defaults to no line for ordinary requests and a 1 s slow threshold', () => {
    expect(quiet).toEqual({ sample: 0, slowMs: 1000 });
  });
});
