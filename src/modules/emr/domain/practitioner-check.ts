/** What the EMR knows of a staff member it names on an encounter (auth's PractitionerView, as plain data). */
export interface Practitioner {
  readonly id: string;
  readonly profession: string | null;
  readonly hospitalId: string | null;
  readonly status: 'active' | 'locked' | 'deactivated';
}

/**
 * Professions that make a user a doctor. A user's profession is free text
 * (auth); these are compared trimmed and case-insensitively.
 */
export const DOCTOR_PROFESSIONS: readonly string[] = ['doctor', 'physician'];

export function isDoctor(practitioner: Pick<Practitioner, 'profession'>): boolean {
  const profession = practitioner.profession?.trim().toLowerCase();
  return profession !== undefined && DOCTOR_PROFESSIONS.includes(profession);
}

/**
 * Whether a user may be named on an encounter of this hospital: an account
 * that is not deactivated (a locked one only fails its sign-ins), placed in
 * that hospital or in none.
 */
export function mayServeAt(practitioner: Practitioner, hospitalId: string): boolean {
  return practitioner.status !== 'deactivated' && (practitioner.hospitalId === null || practitioner.hospitalId === hospitalId);
}
