import { describe, expect, it } from '@jest/globals';
import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import { eventCatalogueProblems, eventClassesIn } from './event-catalogue.js';

const props = { aggregateType: 'Order', aggregateId: 'o1', aggregateVersion: 1, payload: {} };
const audit: AuditDeclaration = { action: 'update', outcome: 'success' };

abstract class BillingEvent extends DomainEvent {}

class InvoiceCancelled extends BillingEvent {
  static readonly TYPE = 'billing.Cancelled.v1';
  static readonly AUDIT = audit;
  constructor() {
    super(props);
  }
}

class AppointmentCancelled extends DomainEvent {
  static readonly TYPE = 'appointments.Cancelled.v1';
  static readonly AUDIT = audit;
  constructor() {
    super(props);
  }
}

describe('the event catalogue check', () => {
  it('collects exported event classes, and only those, leaving abstract bases out', () => {
    const events = eventClassesIn({
      billing: { BillingEvent, InvoiceCancelled, NOT_AN_EVENT: 3, helper: () => undefined },
      appointments: { AppointmentCancelled },
      again: { AppointmentCancelled },
    });
    expect(events).toEqual([
      { source: 'billing', eventClass: InvoiceCancelled },
      { source: 'appointments', eventClass: AppointmentCancelled },
    ]);
  });

  it('lets two contexts both have a Cancelled, each in its own namespace', () => {
    const events = eventClassesIn({ billing: { InvoiceCancelled }, appointments: { AppointmentCancelled } });
    expect(eventCatalogueProblems(events, (source) => source)).toEqual([]);
  });

  it('names a type two classes declare', () => {
    class OrderCancelled extends DomainEvent {
      static readonly TYPE = 'billing.Cancelled.v1';
      static readonly AUDIT = audit;
    }
    const events = eventClassesIn({ billing: { InvoiceCancelled }, orders: { OrderCancelled } });
    expect(eventCatalogueProblems(events)).toEqual([
      'billing.Cancelled.v1 is declared by 2 classes: InvoiceCancelled (billing), OrderCancelled (orders)',
    ]);
  });

  it('names a class without a declared type or audit action, and a type outside its class’s context', () => {
    class Unfiled extends DomainEvent {
      static readonly TYPE = 'billing.Unfiled.v1';
    }
    class Untyped extends DomainEvent {
      static readonly AUDIT = audit;
    }
    const problems = eventCatalogueProblems(
      eventClassesIn({ billing: { Unfiled, Untyped }, lab: { AppointmentCancelled } }),
      (source) => source,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^billing: Unfiled must declare its own static AUDIT/),
      expect.stringMatching(/^billing: Untyped must declare its own static TYPE/),
      'lab: AppointmentCancelled declares appointments.Cancelled.v1, outside its context lab',
    ]);
  });
});
