import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/**
 * A CSV file was accepted and stored as an import batch. Ids and counts
 * only: the file stays in PostgreSQL. Its handler hands the batch to the
 * `imports` queue.
 */
export class HospitalBatchUploaded extends DomainEvent<{
  readonly totalRows: number;
  readonly fileBytes: number;
  readonly fileSha256: string;
}> {
  static readonly TYPE = 'hospitals.HospitalBatchUploaded.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };

  constructor(batchId: string, payload: { totalRows: number; fileBytes: number; fileSha256: string }) {
    super({ aggregateType: 'HospitalImportBatch', aggregateId: batchId, aggregateVersion: 1, payload });
  }
}
