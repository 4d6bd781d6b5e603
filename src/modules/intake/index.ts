// The intake context's public contract: messages and types only (ADR 14). Other contexts import only from here.
export { INTAKE_PERMISSIONS } from './intake.permissions.js';
export type { IntakeErrorCode } from './domain/intake-errors.js';
export { IntakeBatchReceived, IntakeBatchProcessed, type IntakeCounters } from './domain/intake-events.js';
export { INTAKE_BATCH_STATUSES, type IntakeBatchStatus } from './domain/intake-batch-status.js';
