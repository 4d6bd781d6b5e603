import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { IntakeBatchStatus, IntakeSource } from './intake-batch-status.js';

/** What a batch's counters say once it is settled. */
export interface IntakeCounters {
  readonly records: number;
  readonly patientsCreated: number;
  readonly patientsUpdated: number;
  readonly patientsUnchanged: number;
  readonly visitsAdded: number;
  readonly duplicatesSkipped: number;
  readonly errors: number;
}

/**
 * A feed was stored and recorded as a batch. Ids and counts only: the
 * records stay in the stored file. Its handler hands the batch to the
 * `intake` queue, so a Redis outage delays the processing and loses nothing.
 */
export class IntakeBatchReceived extends DomainEvent<{
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly source: IntakeSource;
  readonly recordsReceived: number;
  readonly fileBytes: number;
  readonly fileSha256: string;
}> {
  static readonly TYPE = 'intake.IntakeBatchReceived.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(batchId: string, payload: IntakeBatchReceived['payload']) {
    super({ aggregateType: 'IntakeBatch', aggregateId: batchId, aggregateVersion: 1, payload });
  }
}

/** The worker settled a batch (or gave up on it): its final status and counters. */
export class IntakeBatchProcessed extends DomainEvent<{
  readonly status: IntakeBatchStatus;
  readonly counters: IntakeCounters;
}> {
  static readonly TYPE = 'intake.IntakeBatchProcessed.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };

  constructor(batchId: string, payload: IntakeBatchProcessed['payload']) {
    super({ aggregateType: 'IntakeBatch', aggregateId: batchId, aggregateVersion: 2, payload });
  }
}

/**
 * A batch's per-record outcomes were read or exported: they name the
 * sender's MRNs and the patients' ids, so the audit trail keeps who looked.
 * Counts and the filter only.
 */
export class IntakeRecordsRead extends DomainEvent<{
  readonly hospitalId: string;
  readonly outcome: string | null;
  readonly format: 'json' | 'csv';
  readonly records: number;
}> {
  static readonly TYPE = 'intake.IntakeRecordsRead.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'read', outcome: 'success' };
  static readonly FACT_ONLY = true;

  constructor(batchId: string, payload: IntakeRecordsRead['payload']) {
    super({ aggregateType: 'IntakeBatch', aggregateId: batchId, aggregateVersion: 0, payload });
  }
}
