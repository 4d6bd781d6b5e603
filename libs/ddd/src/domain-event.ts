import type { Actor } from './actor.js';
import { type AuditDeclaration, isAuditDeclaration } from './audit-declaration.js';
import { EVENT_TYPE_FORMAT } from './event-type.js';
import { uuidv7 } from './uuid-v7.js';

export interface DomainEventProps<P> {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly payload: P;
  readonly occurredAt?: Date;
}

/** The stored form of an event (outbox row, queue consumer input). */
export interface DomainEventEnvelope<P = unknown> {
  readonly eventId: string;
  readonly type: string;
  readonly audit: AuditDeclaration;
  readonly occurredAt: Date;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly payload: P;
}

/** What every concrete event class declares as statics of its own. */
export interface EventDeclaration {
  /** The persisted type, `<context>.<EventName>.v<version>` (EVENT_TYPE_FORMAT); unique across the application. */
  readonly TYPE: string;
  readonly AUDIT: AuditDeclaration;
  /**
   * A fact with no state change that only the audit trail wants (a read, a
   * refusal): no handler may subscribe to it, so it is stored already
   * dispatched and leaves the outbox as it is audited (ADR 26). Optional,
   * `false` unless the class declares `static readonly FACT_ONLY = true`.
   */
  readonly FACT_ONLY: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any class, abstract or not
type AnyClass = Function;

const checked = new WeakMap<AnyClass, EventDeclaration>();

/**
 * The declaration of an event class, checked once per class. Own statics
 * only: a subclass that inherited its parent's TYPE would share its type.
 * Throws, naming the class, when either is missing or malformed.
 */
export function eventDeclarationOf(eventClass: AnyClass): EventDeclaration {
  const known = checked.get(eventClass);
  if (known) return known;
  const statics = eventClass as unknown as Partial<Record<keyof EventDeclaration, unknown>>;
  const type = Object.hasOwn(eventClass, 'TYPE') ? statics.TYPE : undefined;
  if (typeof type !== 'string' || !EVENT_TYPE_FORMAT.test(type)) {
    throw new Error(
      `${eventClass.name} must declare its own static TYPE as '<context>.<EventName>.v<version>' (got ${JSON.stringify(type)})`,
    );
  }
  const audit = Object.hasOwn(eventClass, 'AUDIT') ? statics.AUDIT : undefined;
  if (!isAuditDeclaration(audit)) {
    throw new Error(`${eventClass.name} must declare its own static AUDIT: { action, outcome } (got ${JSON.stringify(audit)})`);
  }
  // Own statics only, like the type: a subclass of a fact-only event does not silently become one.
  const factOnly = Object.hasOwn(eventClass, 'FACT_ONLY') ? statics.FACT_ONLY : false;
  if (typeof factOnly !== 'boolean') {
    throw new Error(`${eventClass.name} declares a static FACT_ONLY that is not a boolean (got ${JSON.stringify(factOnly)})`);
  }
  const declaration = { TYPE: type, AUDIT: audit, FACT_ONLY: factOnly };
  checked.set(eventClass, declaration);
  return declaration;
}

/**
 * A fact that happened to an aggregate, named in the past tense. Each
 * concrete class declares its persisted type and how the audit trail files
 * it:
 *
 *   static readonly TYPE = 'patients.PatientRegistered.v1';
 *   static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };
 *
 * A fact no handler may ever want (a read of patient data, a refusal) also
 * declares `static readonly FACT_ONLY = true`; it versions nothing
 * (aggregate version 0).
 *
 * The type, not the class name, is what the outbox and the audit store keep
 * and what handlers are found by, so a class may be renamed freely; a
 * payload that changes shape gets a new version and an upcaster
 * (event-upcasters.ts).
 *
 * Actor and correlation id are stamped by the unit of work when the event is
 * recorded, so domain code does not have to thread them through.
 */
export abstract class DomainEvent<P = Record<string, unknown>> implements DomainEventEnvelope<P> {
  readonly eventId: string;
  readonly type: string;
  readonly audit: AuditDeclaration;
  /** The class's FACT_ONLY: whether the outbox stores it already dispatched, for the audit trail alone. */
  readonly factOnly: boolean;
  readonly occurredAt: Date;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly payload: P;
  private stampedActor?: Actor;
  private stampedCorrelationId?: string;

  protected constructor(props: DomainEventProps<P>) {
    const declared = eventDeclarationOf(new.target);
    if (declared.FACT_ONLY && props.aggregateVersion !== 0) {
      throw new Error(`${declared.TYPE} is fact-only: it changes no state, so its aggregate version must be 0`);
    }
    this.eventId = uuidv7();
    this.type = declared.TYPE;
    this.audit = declared.AUDIT;
    this.factOnly = declared.FACT_ONLY;
    this.occurredAt = props.occurredAt ?? new Date();
    this.aggregateType = props.aggregateType;
    this.aggregateId = props.aggregateId;
    this.aggregateVersion = props.aggregateVersion;
    this.payload = props.payload;
  }

  get actor(): Actor {
    if (!this.stampedActor) throw new Error(`${this.type} has not been recorded yet: no actor`);
    return this.stampedActor;
  }

  get correlationId(): string {
    if (!this.stampedCorrelationId) throw new Error(`${this.type} has not been recorded yet: no correlation id`);
    return this.stampedCorrelationId;
  }

  /** Called once by the unit of work; later calls keep the first stamp. */
  stamp(actor: Actor, correlationId: string): this {
    this.stampedActor ??= actor;
    this.stampedCorrelationId ??= correlationId;
    return this;
  }

  /** Rebuilds an event instance of the given class from its stored envelope (already upcast to that class's type). */
  static rehydrate<E extends DomainEvent<unknown>>(
    eventClass: abstract new (...args: never[]) => E,
    envelope: DomainEventEnvelope,
  ): E {
    const event = Object.create(eventClass.prototype as object) as E;
    const target = event as unknown as Record<string, unknown>;
    Object.assign(target, {
      eventId: envelope.eventId,
      type: envelope.type,
      audit: envelope.audit,
      factOnly: eventDeclarationOf(eventClass).FACT_ONLY,
      occurredAt: envelope.occurredAt,
      aggregateType: envelope.aggregateType,
      aggregateId: envelope.aggregateId,
      aggregateVersion: envelope.aggregateVersion,
      payload: envelope.payload,
      stampedActor: envelope.actor,
      stampedCorrelationId: envelope.correlationId,
    });
    return event;
  }
}
