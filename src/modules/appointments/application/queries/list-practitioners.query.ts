import { Query } from '@nestjs/cqrs';
import type { PractitionerSummary } from '../../../auth/index.js';
import type { PractitionerProfilePage } from '../practitioner-profile-view.js';

export interface PractitionerListFilter {
  readonly hospitalId?: string;
  /** Works in it: the user's own department, or a schedule held there. */
  readonly departmentId?: string;
  /** The user's specialty (users.specialty), trimmed and case-insensitive. */
  readonly specialty?: string;
  readonly status?: PractitionerSummary['status'];
}

/** Doctors for booking screens, by display name (no patient data). */
export class ListPractitioners extends Query<PractitionerProfilePage> {
  constructor(
    readonly filter: PractitionerListFilter,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}
