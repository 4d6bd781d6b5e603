/** Stable codes of the audit context's errors (mapped to statuses in src/error-status.ts). */
export type AuditErrorCode = 'AUDIT.INVALID_CURSOR' | 'AUDIT.INVALID_RANGE';
