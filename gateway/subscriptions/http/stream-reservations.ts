import type { Response } from 'express';
import { randomBytes } from 'node:crypto';

/** One operation running on a reserved stream. */
export interface ReservedOperation {
  /** Same document, operation name and variables: only such a repeat may resume from this one. */
  readonly fingerprint: string;
  /** The cursor of the last update written to the stream. */
  lastCursor?: string;
  /** Ends the operation (its stream then says `complete` for it, if still open). */
  stop(): void;
  /** Settles once the operation wrote its last event. */
  readonly done: Promise<void>;
}

/** A stream reserved with `PUT /graphql`: who reserved it, the stream once opened, its operations by id. */
export interface Reservation {
  readonly token: string;
  readonly sub: string;
  stream?: Response;
  /** When the stream's credentials expire (ms since the epoch), if they say. */
  expiresAt?: number;
  readonly operations: Map<string, ReservedOperation>;
}

interface ResumePoint {
  fingerprint: string;
  cursor: string;
  at: number;
}

export interface ReservationOptions {
  /** How long a reservation waits for its stream before it lapses (default RESERVATION_TTL_MS). */
  ttlMs?: number;
  /** Called when a reservation ends (lapsed, stream closed, shutdown): its connection slot is free again. */
  onEnd(reservation: Reservation): void;
}

/** The official client opens its stream right after the reservation; a minute covers a slow network. */
export const RESERVATION_TTL_MS = 60_000;
/** A client reconnecting after a cut repeats its operations within its retry backoff (seconds); five minutes is ample. */
const RESUME_TTL_MS = 5 * 60_000;
/** Resume points kept per process at most, the oldest dropped first. */
const MAX_RESUME_POINTS = 10_000;

const key = (sub: string, operationId: string) => `${sub}\u0000${operationId}`;

/**
 * graphql-sse's single-connection mode (its PROTOCOL.md, "Single connection mode"): reservations by
 * token, each fulfilled by at most one stream, each stream carrying many operations by id. When a
 * stream breaks, each of its operations leaves a resume point (its last cursor), and the same
 * principal repeating the same operation id on a new stream, as the official client does after a
 * reconnect, resumes from it. Reservations live in the process that made them.
 */
export class StreamReservations {
  private readonly reservations = new Map<string, Reservation>();
  /** Each principal's reservations (at most its connection cap), so a repeat looks through its own only. */
  private readonly bySub = new Map<string, Set<Reservation>>();
  private readonly lapses = new Map<string, NodeJS.Timeout>();
  private readonly resumePoints = new Map<string, ResumePoint>();

  constructor(private readonly options: ReservationOptions) {}

  reserve(sub: string): Reservation {
    // 256 bits: the token is one of the credentials every later request of the stream needs.
    const token = randomBytes(32).toString('base64url');
    const reservation: Reservation = { token, sub, operations: new Map() };
    this.reservations.set(token, reservation);
    this.bySub.set(sub, (this.bySub.get(sub) ?? new Set()).add(reservation));
    const lapse = setTimeout(() => this.end(reservation), this.options.ttlMs ?? RESERVATION_TTL_MS);
    lapse.unref();
    this.lapses.set(token, lapse);
    return reservation;
  }

  /** The reservation behind `token` if `sub` made it: another principal's is as unknown as a made-up one. */
  find(token: string, sub: string): Reservation | undefined {
    const reservation = this.reservations.get(token);
    return reservation?.sub === sub ? reservation : undefined;
  }

  /** The reservation's stream is open: it no longer lapses, it ends with the stream. */
  fulfil(reservation: Reservation, stream: Response, expiresAt: number | undefined): void {
    clearTimeout(this.lapses.get(reservation.token));
    this.lapses.delete(reservation.token);
    reservation.stream = stream;
    reservation.expiresAt = expiresAt;
  }

  /**
   * Where a new operation of `sub` resumes: the last cursor of the same operation (id and fingerprint)
   * on a stream that broke, or on one still running elsewhere (its client already reconnected; it stops).
   */
  resumePoint(sub: string, operationId: string, fingerprint: string): string | undefined {
    for (const reservation of this.bySub.get(sub) ?? []) {
      const running = reservation.operations.get(operationId);
      if (running?.fingerprint === fingerprint) {
        reservation.operations.delete(operationId);
        running.stop();
        if (running.lastCursor) this.remember(sub, operationId, running);
      }
    }
    const point = this.resumePoints.get(key(sub, operationId));
    this.resumePoints.delete(key(sub, operationId));
    if (!point || point.fingerprint !== fingerprint || Date.now() - point.at > RESUME_TTL_MS) return undefined;
    return point.cursor;
  }

  /** Ends a reservation: its operations stop; those that delivered something leave a resume point. */
  end(reservation: Reservation): void {
    if (this.reservations.get(reservation.token) !== reservation) return;
    this.reservations.delete(reservation.token);
    const own = this.bySub.get(reservation.sub);
    own?.delete(reservation);
    if (own?.size === 0) this.bySub.delete(reservation.sub);
    clearTimeout(this.lapses.get(reservation.token));
    this.lapses.delete(reservation.token);
    for (const [operationId, operation] of reservation.operations) {
      if (operation.lastCursor) this.remember(reservation.sub, operationId, operation);
      operation.stop();
    }
    reservation.operations.clear();
    this.options.onEnd(reservation);
  }

  /** Ends every reservation and its stream (shutdown). */
  dispose(): void {
    for (const reservation of [...this.reservations.values()]) {
      reservation.stream?.end();
      this.end(reservation);
    }
  }

  private remember(sub: string, operationId: string, operation: ReservedOperation): void {
    if (this.resumePoints.size >= MAX_RESUME_POINTS) this.resumePoints.delete(this.resumePoints.keys().next().value as string);
    this.resumePoints.set(key(sub, operationId), { fingerprint: operation.fingerprint, cursor: operation.lastCursor!, at: Date.now() });
  }
}
