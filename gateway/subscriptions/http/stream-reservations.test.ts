import type { Response } from 'express';
import type { Reservation, ReservedOperation } from './stream-reservations';
import { StreamReservations } from './stream-reservations';

function operation(fingerprint: string, lastCursor?: string): ReservedOperation & { stopped: boolean } {
  const op = { fingerprint, lastCursor, stopped: false, done: Promise.resolve(), stop: () => void (op.stopped = true) };
  return op;
}

const stream = { end: () => undefined } as unknown as Response;

describe('StreamReservations (graphql-sse single-connection mode)', () => {
  let ended: Reservation[];
  let reservations: StreamReservations;

  beforeEach(() => {
    ended = [];
    reservations = new StreamReservations({ onEnd: (r) => ended.push(r), ttlMs: 60_000 });
  });

  afterEach(() => reservations.dispose());

  it('finds a reservation only for the principal that made it, with a token of 256 random bits', () => {
    const mine = reservations.reserve('alice');
    expect(mine.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reservations.reserve('alice').token).not.toBe(mine.token);
    expect(reservations.find(mine.token, 'alice')).toBe(mine);
    expect(reservations.find(mine.token, 'mallory')).toBeUndefined();
    expect(reservations.find('made-up', 'alice')).toBeUndefined();
  });

  it('a broken stream leaves each operation’s last cursor for the same principal, operation id and fingerprint, once', () => {
    const reservation = reservations.reserve('alice');
    reservations.fulfil(reservation, stream, undefined);
    const running = operation('doc-a', 'cursor-7');
    reservation.operations.set('op-1', running);
    reservation.operations.set('op-2', operation('doc-b'));
    reservations.end(reservation);
    expect(running.stopped).toBe(true);
    expect(ended).toEqual([reservation]);
    expect(reservations.find(reservation.token, 'alice')).toBeUndefined();
    expect(reservations.resumePoint('mallory', 'op-1', 'doc-a')).toBeUndefined();
    expect(reservations.resumePoint('alice', 'op-2', 'doc-b')).toBeUndefined();
    expect(reservations.resumePoint('alice', 'op-1', 'doc-a')).toBe('cursor-7');
    expect(reservations.resumePoint('alice', 'op-1', 'doc-a')).toBeUndefined();
  });

  it('another document under the same operation id does not resume', () => {
    const reservation = reservations.reserve('alice');
    reservation.operations.set('op-1', operation('doc-a', 'cursor-7'));
    reservations.end(reservation);
    expect(reservations.resumePoint('alice', 'op-1', 'doc-other')).toBeUndefined();
  });

  it('a repeat that arrives before the old stream was noticed broken stops the old operation and resumes after it', () => {
    const old = reservations.reserve('alice');
    reservations.fulfil(old, stream, undefined);
    const running = operation('doc-a', 'cursor-9');
    old.operations.set('op-1', running);
    expect(reservations.resumePoint('alice', 'op-1', 'doc-a')).toBe('cursor-9');
    expect(running.stopped).toBe(true);
    expect(old.operations.has('op-1')).toBe(false);
  });

  it('a reservation whose stream is not opened in time lapses and frees its connection', () => {
    jest.useFakeTimers();
    try {
      const lapsing = new StreamReservations({ onEnd: (r) => ended.push(r), ttlMs: 1_000 });
      const unopened = lapsing.reserve('alice');
      const opened = lapsing.reserve('alice');
      lapsing.fulfil(opened, stream, undefined);
      jest.advanceTimersByTime(1_000);
      expect(ended).toEqual([unopened]);
      expect(lapsing.find(opened.token, 'alice')).toBe(opened);
    } finally {
      jest.useRealTimers();
    }
  });
});
