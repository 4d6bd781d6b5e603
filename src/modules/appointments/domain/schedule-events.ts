import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { ExceptionKind, WeeklyInterval } from './schedule.js';

export interface ScheduleSnapshot {
  readonly scheduleId: string;
  readonly practitionerId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly specialty: string | null;
  readonly slotMinutes: number;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly weeklyHours: readonly WeeklyInterval[];
  readonly priceMinor: number;
  readonly currency: string;
}

export class ScheduleCreated extends DomainEvent<ScheduleSnapshot> {
  static readonly TYPE = 'appointments.ScheduleCreated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };
  constructor(snapshot: ScheduleSnapshot) {
    super({ aggregateType: 'Schedule', aggregateId: snapshot.scheduleId, aggregateVersion: 1, payload: snapshot });
  }
}

export class ScheduleUpdated extends DomainEvent<ScheduleSnapshot> {
  static readonly TYPE = 'appointments.ScheduleUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };
  constructor(version: number, snapshot: ScheduleSnapshot) {
    super({ aggregateType: 'Schedule', aggregateId: snapshot.scheduleId, aggregateVersion: version, payload: snapshot });
  }
}

/** Leave, a blocked period or an extra session; the reason is staff text and stays out of the event. */
export interface ScheduleExceptionSnapshot {
  readonly exceptionId: string;
  readonly practitionerId: string;
  readonly hospitalId: string;
  readonly departmentId: string | null;
  readonly kind: ExceptionKind;
  readonly start: string;
  readonly end: string;
}

export class ScheduleExceptionAdded extends DomainEvent<ScheduleExceptionSnapshot> {
  static readonly TYPE = 'appointments.ScheduleExceptionAdded.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };
  constructor(snapshot: ScheduleExceptionSnapshot) {
    super({ aggregateType: 'ScheduleException', aggregateId: snapshot.exceptionId, aggregateVersion: 1, payload: snapshot });
  }
}

export class ScheduleExceptionRemoved extends DomainEvent<ScheduleExceptionSnapshot> {
  static readonly TYPE = 'appointments.ScheduleExceptionRemoved.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'delete', outcome: 'success' };
  constructor(snapshot: ScheduleExceptionSnapshot) {
    super({ aggregateType: 'ScheduleException', aggregateId: snapshot.exceptionId, aggregateVersion: 2, payload: snapshot });
  }
}
