import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { TimelineKind } from '../../domain/timeline-kind.js';
import type { TimelinePage } from '../timeline-view.js';

export interface TimelineFilter {
  /** Every kind when absent. */
  readonly kinds?: readonly TimelineKind[];
  /** Inclusive. */
  readonly from?: Date;
  /** Exclusive. */
  readonly to?: Date;
  /** A nextCursor of the previous page. */
  readonly cursor?: string;
  readonly limit: number;
}

/** A patient's clinical timeline, newest first (ADR 34). */
export class GetPatientTimeline extends Query<TimelinePage> {
  constructor(
    readonly reader: PatientReader,
    readonly patientId: string,
    readonly filter: TimelineFilter,
  ) {
    super();
  }
}
