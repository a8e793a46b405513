import { ErrorCode } from '../errors';
import { encodeUpdateCursor } from '../graphql/update-cursor';
import { GraphQLError } from 'graphql';

/**
 * A change stream reader asked for entries after an id the retention window has dropped: the
 * entries between are gone. CONTRACT §7's UPDATES_MISSED, with `extensions.lastCursor` where a
 * subscriber resumes, and `resumeAfter`, the same place as a stream id, for other consumers.
 */
export class UpdatesMissedError extends GraphQLError {
  constructor(
    readonly after: string,
    readonly resumeAfter: string,
  ) {
    super(`changes after ${after} were trimmed by retention: updates before extensions.lastCursor were missed`, {
      extensions: { code: ErrorCode.UpdatesMissed, lastCursor: encodeUpdateCursor(resumeAfter, '~') },
    });
  }
}
