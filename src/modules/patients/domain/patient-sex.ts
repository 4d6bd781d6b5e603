/** Administrative sex as recorded at registration. */
export const PATIENT_SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type PatientSex = (typeof PATIENT_SEXES)[number];

export function isPatientSex(value: unknown): value is PatientSex {
  return typeof value === 'string' && (PATIENT_SEXES as readonly string[]).includes(value);
}
