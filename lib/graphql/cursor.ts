import { UserInputError } from '../errors';

/** Cursors are opaque to clients: base64url of a versioned key, never a raw id or offset. */
const PREFIX = 'v1:';

export function encodeCursor(key: string): string {
  return Buffer.from(PREFIX + key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || encodeCursor(text.slice(PREFIX.length)) !== cursor) {
    throw new UserInputError(`"${cursor.slice(0, 40)}" is not a cursor Lading issued`);
  }
  return text.slice(PREFIX.length);
}
