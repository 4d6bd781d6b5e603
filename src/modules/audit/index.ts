export { AUDIT_PERMISSIONS } from './audit.permissions.js';
