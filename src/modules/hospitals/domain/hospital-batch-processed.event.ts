import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { ImportBatchStatus } from './import-batch-status.js';

/** The import worker finished a batch (or gave up on it): its final status and counts. */
export class HospitalBatchProcessed extends DomainEvent<{
  readonly status: ImportBatchStatus;
  readonly processedRows: number;
  readonly failedRows: number;
}> {
  static readonly TYPE = 'hospitals.HospitalBatchProcessed.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };

  constructor(
    batchId: string,
    version: number,
    payload: { status: ImportBatchStatus; processedRows: number; failedRows: number },
  ) {
    super({ aggregateType: 'HospitalImportBatch', aggregateId: batchId, aggregateVersion: version, payload });
  }
}
