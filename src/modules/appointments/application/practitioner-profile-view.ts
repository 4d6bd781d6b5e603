import type { PractitionerSummary } from '../../auth/index.js';

/** A bookable doctor: who, their specialty, and every department they work in. */
export interface PractitionerProfileView extends PractitionerSummary {
  /** The user's own department and every department they hold a schedule in. */
  readonly departmentIds: readonly string[];
}

export interface PractitionerProfilePage {
  readonly items: readonly PractitionerProfileView[];
  readonly page: number;
  readonly pageSize: number;
  readonly hasMore: boolean;
}

export function practitionerProfileOf(
  practitioner: PractitionerSummary,
  scheduledIn: readonly string[],
): PractitionerProfileView {
  const own = practitioner.departmentId ? [practitioner.departmentId] : [];
  return { ...practitioner, departmentIds: [...new Set([...own, ...scheduledIn])] };
}
