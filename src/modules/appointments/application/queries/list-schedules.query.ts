import { Query } from '@nestjs/cqrs';
import type { ScheduleExceptionView, ScheduleView } from '../schedule-view.js';

export interface PractitionerSchedules {
  readonly schedules: readonly ScheduleView[];
  /** Leave, blocked periods and extra sessions that have not ended yet. */
  readonly exceptions: readonly ScheduleExceptionView[];
}

/** A practitioner's schedules and coming exceptions (no patient data). */
export class ListSchedules extends Query<PractitionerSchedules> {
  constructor(
    readonly practitionerId: string,
    readonly now = new Date(),
  ) {
    super();
  }
}
