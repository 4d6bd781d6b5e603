// The patients context's public contract: messages, types, and PatientDataAccess (the check-audit-answer sequence
// over those messages, ADR 16). Other contexts import only from here.
export { PATIENT_PERMISSIONS } from './patients.permissions.js';
export type { PatientErrorCode } from './domain/patient-error-code.js';
export { LinkPatientCare, type CareLinkResult } from './application/commands/link-patient-care.command.js';
export { LinkPatientsCare, type WantedCareLink } from './application/commands/link-patients-care.command.js';
export {
  RecordExternalPatient,
  type ExternalPatientOutcome,
  type ExternalPatientRecord,
} from './application/commands/record-external-patient.command.js';
export { RecordExternalPatients } from './application/commands/record-external-patients.command.js';
export type { ExternalIdentifier } from './domain/external-identifier.js';
export { CountPatientsInHospitals } from './application/queries/count-patients-in-hospitals.query.js';
export { CARE_LINK_KINDS, type CareLinkKind } from './domain/care-link.js';
export { PatientRegistered } from './domain/patient-registered.event.js';
export { PatientUpdated } from './domain/patient-updated.event.js';
export { PatientDeactivated } from './domain/patient-deactivated.event.js';
export { PatientMerged } from './domain/patient-merged.event.js';
export { PatientCareLinked } from './domain/patient-care-linked.event.js';
export { PatientIdentifierAdded } from './domain/patient-identifier-added.event.js';
export { PatientRecordAccessed } from './domain/patient-record-accessed.event.js';
export { PatientDataAccessed } from './domain/patient-data-accessed.event.js';
export type { PatientEditor, PatientReader } from './application/patient-reader.js';
export { ResolvePatientAccess, type PatientAccessAnswer } from './application/queries/resolve-patient-access.query.js';
export { ResolvePatientsAccess } from './application/queries/resolve-patients-access.query.js';
export { FindPatientLabels, type PatientLabel } from './application/queries/find-patient-labels.query.js';
export {
  PatientDataAccess,
  type AccessRecorder,
  type PatientDataKind,
  type PatientWideOpening,
  patientWideIdsOf,
  currentPatientLoad,
  type ScopedRowColumns,
  type ReadOptions,
  type RecordedLoad,
} from './application/patient-data-access.js';
