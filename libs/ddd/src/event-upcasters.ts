import { parseEventType } from './event-type.js';

/** What an upcaster needs of a stored event; the rest of it passes through unchanged. */
export interface StoredEventShape {
  readonly type: string;
  readonly payload: unknown;
}

/** Turns the payload of one version of an event into the next version's shape. */
export interface EventUpcaster<From = never, To = unknown> {
  /** e.g. `patients.PatientUpdated.v1` */
  readonly from: string;
  /** The same context and name, the next version: `patients.PatientUpdated.v2` */
  readonly to: string;
  readonly upcast: (payload: From) => To;
}

/**
 * The upcasters of stored events, keyed by the type they read. Stored
 * events are never rewritten (the audit store cannot be, its hash covers
 * them); code that interprets stored payloads (the event dispatcher,
 * replays of a record's versions) reads them through here, so a handler or
 * a replay only ever sees the current shape.
 *
 * The hook: when a payload changes shape, declare the new class with the
 * next version (`...v2`) and, beside it, register how a v1 payload becomes
 * a v2 one:
 *
 *   eventUpcasters.register({ from: 'patients.PatientUpdated.v1', to: PatientUpdatedV2.TYPE, upcast: (p: V1) => ... });
 *
 * Chains apply in order (v1 -> v2 -> v3).
 */
export class EventUpcasters {
  private readonly byType = new Map<string, EventUpcaster<unknown>>();

  register<From, To>(upcaster: EventUpcaster<From, To>): this {
    const from = parseEventType(upcaster.from);
    const to = parseEventType(upcaster.to);
    if (!from || !to || from.context !== to.context || from.name !== to.name || to.version !== from.version + 1) {
      throw new Error(`an upcaster goes from one version of an event to the next, not ${upcaster.from} -> ${upcaster.to}`);
    }
    if (this.byType.has(upcaster.from)) throw new Error(`${upcaster.from} already has an upcaster`);
    this.byType.set(upcaster.from, upcaster as unknown as EventUpcaster<unknown>);
    return this;
  }

  /** The type a stored type reads as today: the end of its upcaster chain. */
  currentType(type: string): string {
    let current = type;
    for (let next = this.byType.get(current); next; next = this.byType.get(current)) current = next.to;
    return current;
  }

  /** The event with its type and payload brought to the current version; the same object when none applies. */
  upcast<E extends StoredEventShape>(event: E): E {
    let upcaster = this.byType.get(event.type);
    if (!upcaster) return event;
    let { type, payload } = event;
    while (upcaster) {
      payload = upcaster.upcast(payload);
      type = upcaster.to;
      upcaster = this.byType.get(type);
    }
    return { ...event, type, payload };
  }
}

/** The application's upcasters: contexts register theirs beside the event class they upcast to. */
export const eventUpcasters = new EventUpcasters();
