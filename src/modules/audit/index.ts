// The audit context's public contract: other contexts and the operator CLI import only from here.
export { AUDIT_PERMISSIONS } from './audit.permissions.js';
export { AuditModule } from './audit.module.js';
export type { AuditErrorCode } from './domain/audit-error-code.js';
export { AuditTrailQueried } from './domain/audit-trail-queried.event.js';
export { type ChainVerification, verifyArchivedPartition, verifyAuditChain } from './infrastructure/audit-chain-verification.js';
export type { SqlRunner } from './infrastructure/sql-runner.js';
export { GetRecordVersions } from './application/queries/get-record-versions.query.js';
export type { RecordVersionView } from './application/record-version-view.js';
