import type { EventData, EventOf } from './event-data';
import { EventRefused } from './event-refused';
import type { EventType } from './types';

/**
 * Test support for the subgraphs' domain folds (`domain/*.test.ts`): one table row per rule —
 * the record given, the event, and the record expected, or the refusal or failure expected.
 */
export type FoldOutcome<R> = { record: R } | { refused: RegExp } | { fails: RegExp };

export type FoldCase<R, E> = [name: string, given: R | null, event: E, expected: FoldOutcome<R>];

/** Runs each row through `fold`: the record it returns, or what it throws (a refusal is an `EventRefused`). */
export function foldTable<R, E>(fold: (record: R | null, event: E) => R, cases: FoldCase<R, E>[]): void {
  it.each(cases)('%s', (_name, given, event, expected) => {
    const before = structuredClone(given);
    if ('record' in expected) expect(fold(given, event)).toEqual(expected.record);
    else if ('refused' in expected) {
      let thrown: unknown;
      try {
        fold(given, event);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(EventRefused);
      expect((thrown as Error).message).toMatch(expected.refused);
    } else expect(() => fold(given, event)).toThrow(expected.fails);
    // A fold is pure: the record it was given is left as it was.
    expect(given).toEqual(before);
  });
}

/** A validated event of one type for a table row; `time` defaults to a fixed instant. */
export function eventFor<T extends EventType>(
  type: T,
  subject: string,
  data: EventData<T>,
  time = '2026-11-01T08:00:00Z',
  id = `${type}-${subject}`,
): EventOf<T> {
  const event = { specversion: '1.0', id, source: 'urn:test', type, time, subject, data } as const;
  return event as unknown as EventOf<T>;
}
