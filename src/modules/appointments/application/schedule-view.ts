import type { ScheduleExceptionSnapshot, ScheduleSnapshot } from '../domain/schedule-events.js';
import type { ExceptionKind, WeeklyInterval } from '../domain/schedule.js';
import { isoInZone } from '../domain/wall-clock.js';
import type { ScheduleExceptionRow, ScheduleRow } from '../infrastructure/schedule-row.js';

export interface ScheduleView {
  readonly id: string;
  readonly practitionerId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly specialty: string | null;
  readonly slotMinutes: number;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly weeklyHours: readonly WeeklyInterval[];
  readonly price: { readonly amountMinor: number; readonly currency: string };
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function scheduleViewOf(row: ScheduleRow): ScheduleView {
  return {
    id: row.id,
    practitionerId: row.practitioner_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    specialty: row.specialty,
    slotMinutes: row.slot_minutes,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    weeklyHours: row.weekly_hours,
    price: { amountMinor: Number(row.price_minor), currency: row.currency },
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function scheduleSnapshotOf(row: ScheduleRow): ScheduleSnapshot {
  return {
    scheduleId: row.id,
    practitionerId: row.practitioner_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    specialty: row.specialty,
    slotMinutes: row.slot_minutes,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    weeklyHours: row.weekly_hours,
    priceMinor: Number(row.price_minor),
    currency: row.currency,
  };
}

export interface ScheduleExceptionView {
  readonly id: string;
  readonly practitionerId: string;
  readonly departmentId: string | null;
  readonly kind: ExceptionKind;
  readonly start: string;
  readonly end: string;
  readonly localStart: string;
  readonly localEnd: string;
  readonly reason: string | null;
  readonly createdAt: string;
}

export function exceptionViewOf(row: ScheduleExceptionRow, zone: string): ScheduleExceptionView {
  return {
    id: row.id,
    practitionerId: row.practitioner_id,
    departmentId: row.department_id,
    kind: row.kind,
    start: new Date(row.starts_at).toISOString(),
    end: new Date(row.ends_at).toISOString(),
    localStart: isoInZone(new Date(row.starts_at), zone),
    localEnd: isoInZone(new Date(row.ends_at), zone),
    reason: row.reason,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function exceptionSnapshotOf(row: ScheduleExceptionRow): ScheduleExceptionSnapshot {
  return {
    exceptionId: row.id,
    practitionerId: row.practitioner_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    kind: row.kind,
    start: new Date(row.starts_at).toISOString(),
    end: new Date(row.ends_at).toISOString(),
  };
}
