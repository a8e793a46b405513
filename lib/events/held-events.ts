import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { fromKeyPart, keyPart } from '../redis/keys';
import type { DocumentStore } from '../store/document-store';
import type { UnitOfWork } from '../store/unit-of-work';
import { withRetries } from '../store/unit-of-work';
import type { DeadLetterStore } from './dead-letters';
import type { LoggedEvent } from './types';
import { eventKey, routeOf } from './types';

/** One held event, listed once however many consumers wait on its aggregate. */
export interface HeldEvent {
  key: string;
  entry: LoggedEvent;
  aggregate: string;
  reason: string;
  heldAt: string;
  consumers: string[];
  /** Its member of the time-ordered index: `heldAt|route|key` (the route escaped, so the first two `|` split it). */
  member: string;
  /** Held at the door for a tender (consumer `ingest`): the carriers of the principal that sent it. */
  carriers?: string[];
}

/** The held records (event key → HeldEvent), the time-ordered index of them, and one index per consumer and aggregate. */
export const HELD_COLLECTION = 'held';
export const HELD_ALL = 'held:all';
const COLLECTION = HELD_COLLECTION;
const ALL = HELD_ALL;
const waiting = (consumer: string, aggregate: string) => `held:${keyPart(consumer)}:${keyPart(aggregate)}`;

/** The member of the time-ordered index of an event held at `heldAt`, about `route`, with key `key`. */
export function heldMember(heldAt: string, route: string, key: string): string {
  return `${heldAt}|${keyPart(route)}|${key}`;
}

/** The time a member was held at, the route its record lives at, and the event's key. */
function memberParts(member: string): { heldAt: string; route: string; key: string } {
  const first = member.indexOf('|');
  const second = member.indexOf('|', first + 1);
  return { heldAt: member.slice(0, first), route: fromKeyPart(member.slice(first + 1, second)), key: member.slice(second + 1) };
}

/**
 * Events about aggregates a consumer does not know yet, kept until the aggregate appears or the
 * TTL ends. A held event lives with its aggregate (the event's route, lib/events/types.ts): holding
 * and releasing it are steps of that partition, like the apply that follows.
 */
export class HeldEventStore {
  constructor(
    private readonly store: DocumentStore,
    private readonly deadLetters: DeadLetterStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async hold(consumer: string, aggregate: string, entry: LoggedEvent, reason: string, carriers?: readonly string[]): Promise<void> {
    const key = eventKey(entry.event);
    const route = routeOf(entry.event);
    await withRetries(this.store, async (uow) => {
      const existing = await uow.get<HeldEvent>(COLLECTION, key, route);
      const heldAt = existing?.heldAt ?? new Date(this.clock.now()).toISOString();
      const consumers = [...new Set([...(existing?.consumers ?? []), consumer])].sort();
      const member = existing?.member ?? heldMember(heldAt, route, key);
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
      uow.put(COLLECTION, key, held, route);
      uow.index(ALL, member, route);
      uow.index(waiting(consumer, aggregate), key, route);
    });
  }

  /** Events one consumer holds for an aggregate, oldest log position first. */
  async waitingFor(consumer: string, aggregate: string): Promise<LoggedEvent[]> {
    return (await this.heldFor(consumer, aggregate)).map((h) => h.entry);
  }

  /** The held records themselves (with when and why), oldest log position first. */
  async heldFor(consumer: string, aggregate: string): Promise<HeldEvent[]> {
    // Held for an aggregate means about it: the aggregate is the held events' route.
    const keys = await this.store.range(waiting(consumer, aggregate), { first: 10_000, route: aggregate });
    const held = (await this.store.getMany<HeldEvent>(COLLECTION, keys, aggregate)).filter((h): h is HeldEvent => h !== null);
    return held.sort((a, b) => (a.entry.position < b.entry.position ? -1 : 1));
  }

  /** The held record of one event (`source|id`, about aggregate `route`), if it is held by any consumer now. */
  async get(key: string, route: string): Promise<HeldEvent | null> {
    return (await this.store.getMany<HeldEvent>(COLLECTION, [key], route))[0];
  }

  /** The consumer has applied the event: it no longer waits on it. */
  async release(consumer: string, entry: LoggedEvent): Promise<void> {
    const key = eventKey(entry.event);
    const route = routeOf(entry.event);
    await withRetries(this.store, async (uow) => {
      const held = await uow.get<HeldEvent>(COLLECTION, key, route);
      if (!held) return;
      uow.unindex(waiting(consumer, held.aggregate), key, route);
      const consumers = held.consumers.filter((c) => c !== consumer);
      if (consumers.length > 0) uow.put(COLLECTION, key, { ...held, consumers }, route);
      else this.forget(uow, held);
    });
  }

  /** Members of the time-ordered index (`heldAt|route|key`), oldest first, across partitions. */
  members(after: string | undefined, first: number): Promise<string[]> {
    return this.store.range(ALL, { after, first });
  }

  async byMembers(members: readonly string[]): Promise<(HeldEvent | null)[]> {
    const parts = members.map(memberParts);
    return this.store.getMany<HeldEvent>(
      COLLECTION,
      parts.map((p) => p.key),
      parts.map((p) => p.route),
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
      if (!member || memberParts(member).heldAt >= cutoff.toISOString()) return expired;
      const { route, key } = memberParts(member);
      await withRetries(this.store, async (uow) => {
        const held = await uow.get<HeldEvent>(COLLECTION, key, route);
        if (!held) return uow.unindex(ALL, member, route);
        // The dead letter first, then the forgetting: the dead letter lives in its own partition,
        // and the part holding the last write commits last (document-store.ts), so a crash between
        // the two leaves the event held (dead-lettered again next time), never lost.
        this.deadLetters.stage(uow, held.entry.event, 'orphan', held.consumers.join(','));
        this.forget(uow, held);
      });
      expired++;
    }
  }

  private forget(uow: UnitOfWork, held: HeldEvent): void {
    const route = routeOf(held.entry.event);
    uow.delete(COLLECTION, held.key, route);
    uow.unindex(ALL, held.member, route);
    for (const consumer of held.consumers) uow.unindex(waiting(consumer, held.aggregate), held.key, route);
  }
}
