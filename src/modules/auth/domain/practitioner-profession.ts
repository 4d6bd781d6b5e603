/**
 * Professions that make a user a doctor. A user's profession is free text
 * entered by administrators; these are compared trimmed and case-insensitively.
 */
export const DOCTOR_PROFESSIONS: readonly string[] = ['doctor', 'physician'];

export function isDoctorProfession(profession: string | null): boolean {
  const value = profession?.trim().toLowerCase();
  return value !== undefined && DOCTOR_PROFESSIONS.includes(value);
}
