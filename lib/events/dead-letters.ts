import { randomBytes } from 'node:crypto';
import type { DocumentStore } from '../store/document-store';
import { UnitOfWork } from '../store/unit-of-work';
import { jsonText } from './json-text';

export interface DeadLetter {
  id: string;
  /** The event's own id, when the raw body had one. */
  eventId: string | null;
  source: string | null;
  type: string | null;
  subject: string | null;
  reason: string;
  /** The body exactly as it reached Lading (JSON text). */
  raw: string;
  /** The consumer that failed to apply it, when it failed after acceptance. */
  consumer: string | null;
  deadAt: string;
  /** When a service rep put it back on the log; a replayed letter leaves the listing but is kept for traces. */
  replayedAt?: string;
}

const COLLECTION = 'deadLetters';
const INDEX = 'deadLetters:all';
/** Every dead letter (listed or replayed) of one event, for event traces. */
const byEvent = (source: string, eventId: string) => `deadLetters:event:${source}|${eventId}`;

function attribute(raw: unknown, name: string): string | null {
  const value = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : null;
}

/** JSON text of a raw event; a poison one too deep for JSON.stringify is written without recursion. */
function rawText(raw: unknown): string {
  try {
    return JSON.stringify(raw);
  } catch {
    return jsonText(raw, { sortKeys: false });
  }
}

/** Dead letters are kept until replayed: nothing that reached Lading is silently dropped. */
export class DeadLetterStore {
  constructor(private readonly store: DocumentStore) {}

  async add(raw: unknown, reason: string, consumer: string | null = null): Promise<DeadLetter> {
    const uow = new UnitOfWork(this.store);
    const letter = this.stage(uow, raw, reason, consumer);
    await uow.commit();
    return letter;
  }

  /** Adds the dead letter to a unit of work, so that it commits together with what caused it. */
  stage(uow: UnitOfWork, raw: unknown, reason: string, consumer: string | null = null): DeadLetter {
    const deadAt = new Date().toISOString();
    // Ids sort by time so that listing pages are oldest first and stable.
    const id = `dl-${deadAt.replace(/[-:.TZ]/g, '')}-${randomBytes(4).toString('hex')}`;
    const letter: DeadLetter = {
      id,
      eventId: attribute(raw, 'id'),
      source: attribute(raw, 'source'),
      type: attribute(raw, 'type'),
      subject: attribute(raw, 'subject'),
      reason,
      raw: typeof raw === 'string' ? raw : rawText(raw),
      consumer,
      deadAt,
    };
    uow.put(COLLECTION, id, letter);
    uow.index(INDEX, id);
    if (letter.source !== null && letter.eventId !== null) uow.index(byEvent(letter.source, letter.eventId), id);
    return letter;
  }

  /** Dead-letter ids, oldest first. */
  ids(after: string | undefined, first: number): Promise<string[]> {
    return this.store.range(INDEX, { after, first });
  }

  getMany(ids: readonly string[]): Promise<(DeadLetter | null)[]> {
    return this.store.getMany<DeadLetter>(COLLECTION, ids);
  }

  count(): Promise<number> {
    return this.store.count(INDEX);
  }

  async get(id: string): Promise<DeadLetter | null> {
    return (await this.getMany([id]))[0];
  }

  /** Dead letters of one event, listed or already replayed, oldest first. */
  async forEvent(source: string, eventId: string): Promise<DeadLetter[]> {
    const ids = await this.store.range(byEvent(source, eventId), { first: 1000 });
    return (await this.getMany(ids)).filter((l): l is DeadLetter => l !== null);
  }

  /** Leaves the listing once replayed; the record stays (with `replayedAt`) so a trace can show it. */
  async markReplayed(id: string): Promise<void> {
    const letter = await this.get(id);
    if (!letter) return;
    const replayed: DeadLetter = { ...letter, replayedAt: new Date().toISOString() };
    await this.store.commit([
      { kind: 'put', collection: COLLECTION, id, doc: replayed },
      { kind: 'unindex', index: INDEX, id },
    ]);
  }
}
