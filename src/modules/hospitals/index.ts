// The hospitals context's public contract: messages and types only. Other contexts import only from here.
export { HOSPITAL_PERMISSIONS } from './hospitals.permissions.js';
export type { HospitalErrorCode } from './domain/hospital-error-code.js';
export { HospitalRegistered } from './domain/hospital-registered.event.js';
export { HospitalUpdated } from './domain/hospital-updated.event.js';
export { DepartmentCreated } from './domain/department-created.event.js';
export { DepartmentUpdated } from './domain/department-updated.event.js';
export { HospitalBatchUploaded } from './domain/hospital-batch-uploaded.event.js';
export { HospitalBatchProcessed } from './domain/hospital-batch-processed.event.js';
export { HospitalBatchActivated } from './domain/hospital-batch-activated.event.js';
export { HospitalBatchDeleted } from './domain/hospital-batch-deleted.event.js';
export { GetHospital } from './application/queries/get-hospital.query.js';
export { GetDepartment } from './application/queries/get-department.query.js';
export { LocateDepartment } from './application/queries/locate-department.query.js';
export type { HospitalView } from './application/hospital-view.js';
export type { DepartmentView } from './application/department-view.js';
