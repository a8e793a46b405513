import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { keyPart } from '../redis/keys';
import type { DocumentStore } from '../store/document-store';
import type { UnitOfWork } from '../store/unit-of-work';
import { withRetries } from '../store/unit-of-work';
import type { DeadLetterStore } from './dead-letters';
import type { LoggedEvent } from './types';
import { eventKey } from './types';

/** One held event, listed once however many consumers wait on its aggregate. */
export interface HeldEvent {
  key: string;
  entry: LoggedEvent;
  aggregate: string;
  reason: string;
  heldAt: string;
  consumers: string[];
  /** Its member of the time-ordered index: `heldAt|key`. */
  member: string;
  /** Held at the door for a tender (consumer `ingest`): the carriers of the principal that sent it. */
  carriers?: string[];
}

const COLLECTION = 'held';
const ALL = 'held:all';
const waiting = (consumer: string, aggregate: string) => `held:${keyPart(consumer)}:${keyPart(aggregate)}`;

/** Events about aggregates a consumer does not know yet, kept until the aggregate appears or the TTL ends. */
export class HeldEventStore {
  constructor(
    private readonly store: DocumentStore,
    private readonly deadLetters: DeadLetterStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async hold(consumer: string, aggregate: string, entry: LoggedEvent, reason: string, carriers?: readonly string[]): Promise<void> {
    const key = eventKey(entry.event);
    await withRetries(this.store, async (uow) => {
      const existing = await uow.get<HeldEvent>(COLLECTION, key);
      const heldAt = existing?.heldAt ?? new Date(this.clock.now()).toISOString();
      const consumers = [...new Set([...(existing?.consumers ?? []), consumer])].sort();
      const member = existing?.member ?? `${heldAt}|${key}`;
      const held: HeldEvent = {
        key,
        entry,
        aggregate,
        reason,
        heldAt,
        consumers,
        member,
        ...(carriers ? { carriers: [...carriers] } : {}),
      };
      uow.put(COLLECTION, key, held);
      uow.index(ALL, member);
      uow.index(waiting(consumer, aggregate), key);
    });
  }

  /** Events one consumer holds for an aggregate, oldest log position first. */
  async waitingFor(consumer: string, aggregate: string): Promise<LoggedEvent[]> {
    return (await this.heldFor(consumer, aggregate)).map((h) => h.entry);
  }

  /** The held records themselves (with when and why), oldest log position first. */
  async heldFor(consumer: string, aggregate: string): Promise<HeldEvent[]> {
    const keys = await this.store.range(waiting(consumer, aggregate), { first: 10_000 });
    const held = (await this.store.getMany<HeldEvent>(COLLECTION, keys)).filter((h): h is HeldEvent => h !== null);
    return held.sort((a, b) => (a.entry.position < b.entry.position ? -1 : 1));
  }

  /** The held record of one event (`source|id`), if it is held by any consumer now. */
  async get(key: string): Promise<HeldEvent | null> {
    return (await this.store.getMany<HeldEvent>(COLLECTION, [key]))[0];
  }

  /** The consumer has applied the event: it no longer waits on it. */
  async release(consumer: string, entry: LoggedEvent): Promise<void> {
    const key = eventKey(entry.event);
    await withRetries(this.store, async (uow) => {
      const held = await uow.get<HeldEvent>(COLLECTION, key);
      if (!held) return;
      uow.unindex(waiting(consumer, held.aggregate), key);
      const consumers = held.consumers.filter((c) => c !== consumer);
      if (consumers.length > 0) uow.put(COLLECTION, key, { ...held, consumers });
      else this.forget(uow, held);
    });
  }

  /** Members of the time-ordered index (`heldAt|key`), oldest first. */
  members(after: string | undefined, first: number): Promise<string[]> {
    return this.store.range(ALL, { after, first });
  }

  async byMembers(members: readonly string[]): Promise<(HeldEvent | null)[]> {
    return this.store.getMany<HeldEvent>(
      COLLECTION,
      members.map((m) => m.slice(m.indexOf('|') + 1)),
    );
  }

  count(): Promise<number> {
    return this.store.count(ALL);
  }

  /** Dead-letters (reason `orphan`) every event held since before `cutoff`; returns how many. */
  async expire(cutoff: Date): Promise<number> {
    let expired = 0;
    for (;;) {
      const [member] = await this.store.range(ALL, { first: 1 });
      if (!member || member.slice(0, member.indexOf('|')) >= cutoff.toISOString()) return expired;
      const key = member.slice(member.indexOf('|') + 1);
      await withRetries(this.store, async (uow) => {
        const held = await uow.get<HeldEvent>(COLLECTION, key);
        if (!held) return uow.unindex(ALL, member);
        this.forget(uow, held);
        this.deadLetters.stage(uow, held.entry.event, 'orphan', held.consumers.join(','));
      });
      expired++;
    }
  }

  private forget(uow: UnitOfWork, held: HeldEvent): void {
    uow.delete(COLLECTION, held.key);
    uow.unindex(ALL, held.member);
    for (const consumer of held.consumers) uow.unindex(waiting(consumer, held.aggregate), held.key);
  }
}
