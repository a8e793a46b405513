import { CanonicalEvent, LoggedEvent } from './types';

/**
 * Redis stream ids (`<ms>-<seq>`) do not sort as strings; positions zero-pad both parts so that
 * they order lexically exactly like the log, as the memory log's positions do.
 */
export function positionOf(streamId: string): string {
  const [ms, seq] = streamId.split('-');
  return `${ms.padStart(15, '0')}-${seq.padStart(6, '0')}`;
}

export function streamIdOf(position: string): string {
  const match = /^(\d+)-(\d+)$/.exec(position);
  if (!match) throw new Error(`"${position}" is not an event log position`);
  return `${BigInt(match[1])}-${BigInt(match[2])}`;
}

export type StreamEntry = [id: string, fields: string[]];

/** Parses one stream entry (field `e`: the event and when it was recorded) into a LoggedEvent. */
export function loggedEventOf([id, fields]: StreamEntry): LoggedEvent {
  const { event, recordedAt } = JSON.parse(fields[fields.indexOf('e') + 1]) as { event: CanonicalEvent; recordedAt: string };
  return { position: positionOf(id), recordedAt, event };
}
