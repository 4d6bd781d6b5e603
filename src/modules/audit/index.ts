// The audit context's public contract: messages and types only. Other contexts import only from here.
export { AUDIT_PERMISSIONS } from './audit.permissions.js';
export type { AuditErrorCode } from './domain/audit-error-code.js';
export { AuditTrailQueried } from './domain/audit-trail-queried.event.js';
export { GetRecordVersions } from './application/queries/get-record-versions.query.js';
export type { RecordVersionView } from './application/record-version-view.js';
