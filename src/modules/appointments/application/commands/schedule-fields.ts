import type { ExceptionKind, WeeklyInterval } from '../../domain/schedule.js';

export interface ScheduleFields {
  readonly departmentId: string;
  readonly specialty?: string | null;
  readonly slotMinutes?: number;
  readonly effectiveFrom: string;
  readonly effectiveTo?: string | null;
  readonly weeklyHours: readonly WeeklyInterval[];
  readonly priceMinor?: number;
  readonly currency: string;
}

export interface ExceptionFields {
  readonly kind: ExceptionKind;
  /** Required for an extra session; leave and blocked periods cover every department. */
  readonly departmentId?: string;
  readonly start: Date;
  readonly end: Date;
  readonly reason?: string;
}
