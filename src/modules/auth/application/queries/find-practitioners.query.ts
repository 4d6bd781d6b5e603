import { Query } from '@nestjs/cqrs';

/** A doctor as booking screens list them: who, and where they work. No email, credentials or licence. */
export interface PractitionerSummary {
  readonly id: string;
  readonly displayName: string;
  /** users.specialty as the administrator entered it; null when none was given. */
  readonly specialty: string | null;
  readonly hospitalId: string | null;
  /** The user's own department (a practitioner may also work where they hold a schedule). */
  readonly departmentId: string | null;
  readonly status: 'active' | 'locked' | 'deactivated';
}

export interface PractitionerFilter {
  /** Only these users (an empty list finds none). */
  readonly ids?: readonly string[];
  readonly hospitalId?: string;
  /** The user's own department is this one, or the user is one of `alsoUserIds` (those the asker knows work there). */
  readonly department?: { readonly id: string; readonly alsoUserIds: readonly string[] };
  /** users.specialty, compared trimmed and case-insensitively. */
  readonly specialty?: string;
  readonly status?: PractitionerSummary['status'];
}

export interface PractitionerPage {
  readonly items: readonly PractitionerSummary[];
  readonly hasMore: boolean;
}

/**
 * Staff whose profession is a doctor's (DOCTOR_PROFESSIONS), by display name
 * then id, one page. Part of the auth context's public contract: the
 * appointments context lists bookable practitioners through it.
 */
export class FindPractitioners extends Query<PractitionerPage> {
  constructor(
    readonly filter: PractitionerFilter,
    readonly page = 1,
    readonly pageSize = 50,
  ) {
    super();
  }
}
