import type { EventLog } from './event-log';
import type { LoggedEvent } from './types';

const PAGE = 1000;
/** A bound on one scan, so that a governance read can never run away with a huge log. */
export const MAX_SCANNED_ENTRIES = 1_000_000;

/**
 * Visits every entry of the log in order. Governance reads (traces, counts) derive from the log
 * itself rather than from extra records written on the hot path; the price is a scan per read.
 */
export async function scanLog(log: EventLog, visit: (entry: LoggedEvent) => void): Promise<number> {
  let after: string | undefined;
  let seen = 0;
  while (seen < MAX_SCANNED_ENTRIES) {
    const entries = await log.read(after, PAGE);
    for (const entry of entries) visit(entry);
    seen += entries.length;
    if (entries.length < PAGE) break;
    after = entries[entries.length - 1].position;
  }
  return seen;
}
