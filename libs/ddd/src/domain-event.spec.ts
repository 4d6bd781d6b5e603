import { describe, expect, it } from '@jest/globals';
import type { AuditDeclaration } from './audit-declaration.js';
import { DomainEvent, eventDeclarationOf } from './domain-event.js';

const props = { aggregateType: 'Thing', aggregateId: 't1', aggregateVersion: 1, payload: {} };

class ThingCancelled extends DomainEvent {
  static readonly TYPE = 'things.ThingCancelled.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };
  constructor() {
    super(props);
  }
}

describe('DomainEvent', () => {
  it('takes its type and audit filing from the statics its class declares', () => {
    const event = new ThingCancelled();
    expect(event.type).toBe('things.ThingCancelled.v1');
    expect(event.audit).toEqual({ action: 'update', outcome: 'success' });
    expect(eventDeclarationOf(ThingCancelled)).toEqual({
      TYPE: ThingCancelled.TYPE,
      AUDIT: ThingCancelled.AUDIT,
      FACT_ONLY: false,
    });
    expect(event.factOnly).toBe(false);
  });

  it('is fact-only when its own class says so, and then versions nothing', () => {
    class ThingLookedAt extends DomainEvent {
      static readonly TYPE: string = 'things.ThingLookedAt.v1';
      static readonly AUDIT: AuditDeclaration = { action: 'read', outcome: 'success' };
      static readonly FACT_ONLY = true;
      constructor(version = 0) {
        super({ ...props, aggregateVersion: version });
      }
    }
    // A subclass declares for itself, as it does its type.
    class ThingStaredAt extends ThingLookedAt {
      static override readonly TYPE: string = 'things.ThingStaredAt.v1';
      static override readonly AUDIT: AuditDeclaration = { action: 'read', outcome: 'success' };
    }
    expect(new ThingLookedAt().factOnly).toBe(true);
    expect(eventDeclarationOf(ThingLookedAt).FACT_ONLY).toBe(true);
    expect(new ThingStaredAt().factOnly).toBe(false);
    expect(() => new ThingLookedAt(3)).toThrow('things.ThingLookedAt.v1 is fact-only: it changes no state');
    const rehydrated = DomainEvent.rehydrate(ThingLookedAt, {
      ...props,
      aggregateVersion: 0,
      eventId: 'e2',
      type: ThingLookedAt.TYPE,
      audit: ThingLookedAt.AUDIT,
      occurredAt: new Date(0),
      actor: { kind: 'system', id: 'test' },
      correlationId: 'c2',
    });
    expect(rehydrated.factOnly).toBe(true);
  });

  it('refuses a FACT_ONLY that is not a boolean', () => {
    class Unsure extends DomainEvent {
      static readonly TYPE = 'things.Unsure.v1';
      static readonly AUDIT: AuditDeclaration = { action: 'read', outcome: 'success' };
      static readonly FACT_ONLY = 'yes' as unknown as boolean;
      constructor() {
        super({ ...props, aggregateVersion: 0 });
      }
    }
    expect(() => new Unsure()).toThrow(/Unsure declares a static FACT_ONLY that is not a boolean/);
  });

  it('refuses to construct an event whose class declares no type of its own', () => {
    class Undeclared extends DomainEvent {
      static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };
      constructor() {
        super(props);
      }
    }
    // Inheriting the parent's type would give two classes one type.
    class Inheriting extends ThingCancelled {}
    expect(() => new Undeclared()).toThrow(/Undeclared must declare its own static TYPE/);
    expect(() => new Inheriting()).toThrow(/Inheriting must declare its own static TYPE/);
  });

  it.each([
    'ThingCancelled',
    'Things.ThingCancelled.v1',
    'things.thingCancelled.v1',
    'things.ThingCancelled.v0',
    'things.ThingCancelled',
  ])('refuses the type %s, which does not follow <context>.<EventName>.v<version>', (type) => {
    class Misnamed extends DomainEvent {
      static readonly TYPE = type;
      static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };
      constructor() {
        super(props);
      }
    }
    expect(() => new Misnamed()).toThrow(/must declare its own static TYPE as '<context>.<EventName>.v<version>'/);
  });

  it('refuses to construct an event whose class declares no audit action and outcome, or unknown ones', () => {
    class Unfiled extends DomainEvent {
      static readonly TYPE = 'things.Unfiled.v1';
      constructor() {
        super(props);
      }
    }
    class Misfiled extends DomainEvent {
      static readonly TYPE = 'things.Misfiled.v1';
      static readonly AUDIT = { action: 'discharge', outcome: 'success' } as unknown as AuditDeclaration;
      constructor() {
        super(props);
      }
    }
    expect(() => new Unfiled()).toThrow(/Unfiled must declare its own static AUDIT/);
    expect(() => new Misfiled()).toThrow(/Misfiled must declare its own static AUDIT/);
  });

  it('rehydrates from its stored envelope with the stored type and filing', () => {
    const envelope = {
      ...props,
      eventId: 'e1',
      type: 'things.ThingCancelled.v1',
      audit: { action: 'update', outcome: 'success' } as const,
      occurredAt: new Date(0),
      actor: { kind: 'system' as const, id: 'test' },
      correlationId: 'c1',
    };
    const event = DomainEvent.rehydrate(ThingCancelled, envelope);
    expect(event).toBeInstanceOf(ThingCancelled);
    expect(event).toMatchObject({ eventId: 'e1', type: 'things.ThingCancelled.v1', audit: envelope.audit });
    expect(event.actor).toEqual({ kind: 'system', id: 'test' });
  });
});
