// The patients context's public contract: messages and types only. Other contexts import only from here.
export { PATIENT_PERMISSIONS } from './patients.permissions.js';
export type { PatientErrorCode } from './domain/patient-error-code.js';
export { LinkPatientCare, type CareLinkResult } from './application/commands/link-patient-care.command.js';
export { CountPatientsInHospitals } from './application/queries/count-patients-in-hospitals.query.js';
export { CARE_LINK_KINDS, type CareLinkKind } from './domain/care-link.js';
export { PatientRegistered } from './domain/patient-registered.event.js';
export { PatientUpdated } from './domain/patient-updated.event.js';
export { PatientDeactivated } from './domain/patient-deactivated.event.js';
export { PatientMerged } from './domain/patient-merged.event.js';
export { PatientCareLinked } from './domain/patient-care-linked.event.js';
export { PatientRecordAccessed } from './domain/patient-record-accessed.event.js';
