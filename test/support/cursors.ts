import { encodeUpdateCursor } from '../../lib/graphql/update-cursor';
import type { TestStack } from './test-stack';

/**
 * A cursor after everything logged so far: a subscription with `after` this cursor receives every
 * later update however long it takes to attach upstream, so tests need not sleep before posting.
 */
export async function headCursor(t: TestStack): Promise<string> {
  let last: string | undefined;
  for (
    let page = await t.runtime.pipeline.log.read(undefined, 1000);
    page.length > 0;
    page = await t.runtime.pipeline.log.read(last, 1000)
  ) {
    last = page[page.length - 1].position;
  }
  if (!last) throw new Error('the log is empty');
  return encodeUpdateCursor(last, '~');
}
