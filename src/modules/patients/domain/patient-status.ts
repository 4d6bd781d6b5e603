/** Where a patient record stands. `merged` records point to the record they were merged into. */
export const PATIENT_STATUSES = ['active', 'inactive', 'deceased', 'merged'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];

/** The statuses POST /:id/deactivate may set. */
export const DEACTIVATION_REASONS = ['inactive', 'deceased'] as const;
export type DeactivationReason = (typeof DEACTIVATION_REASONS)[number];
