import type { DomainEvent } from './domain-event.js';

/** Collects the events an aggregate raises until the unit of work records them. */
export abstract class AggregateRoot {
  private pendingEvents: DomainEvent<unknown>[] = [];

  protected raise(event: DomainEvent<unknown>): void {
    this.pendingEvents.push(event);
  }

  pullEvents(): DomainEvent<unknown>[] {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    return events;
  }
}
