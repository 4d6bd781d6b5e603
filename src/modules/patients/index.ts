// The patients context's public contract: other contexts import only from here.
export { PATIENT_PERMISSIONS } from './patients.permissions.js';
