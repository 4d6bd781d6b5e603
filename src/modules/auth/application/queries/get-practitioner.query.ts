import { Query } from '@nestjs/cqrs';

/** What another context needs to know of a staff member it names on its records; no name, email or credentials. */
export interface PractitionerView {
  readonly id: string;
  /** Free text as the administrator entered it (`doctor`, `nurse`, ...); null when none was given. */
  readonly profession: string | null;
  /** Whether the profession is a doctor's (DOCTOR_PROFESSIONS): who may be booked, attend and diagnose. */
  readonly isDoctor: boolean;
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  readonly status: 'active' | 'locked' | 'deactivated';
}

/**
 * A staff member as a practitioner, or NotFound. Part of the auth context's
 * public contract: the EMR checks that an encounter's attending practitioner
 * is a doctor through it, instead of reading the users table.
 */
export class GetPractitioner extends Query<PractitionerView> {
  constructor(readonly userId: string) {
    super();
  }
}
