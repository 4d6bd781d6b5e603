import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { type CsvValue, csvLine } from '../../../../infrastructure/csv/csv-cell.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import type { RecordOutcomeFilter } from '../../domain/intake-batch-status.js';
import { IntakeRecordsRead } from '../../domain/intake-events.js';
import { IntakeBatchRepository } from '../../infrastructure/intake-batch.repository.js';
import { mayReadBatch, readableHospital } from '../intake-access.js';
import {
  type IntakeBatchPage,
  type IntakeBatchView,
  type IntakeRecordPage,
  type IntakeRecordView,
  toIntakeBatchView,
  toIntakeRecordView,
} from '../intake-batch-view.js';
import { GetIntakeBatch } from './get-intake-batch.query.js';
import { ListIntakeBatches } from './list-intake-batches.query.js';
import { ExportIntakeRecords, ListIntakeRecords } from './list-intake-records.query.js';

/** A batch within the reader's scope; another hospital's answers 404 like a missing one. */
@QueryHandler(GetIntakeBatch)
export class GetIntakeBatchHandler implements IQueryHandler<GetIntakeBatch, IntakeBatchView> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: IntakeBatchRepository,
  ) {}

  async execute({ reader, batchId }: GetIntakeBatch): Promise<IntakeBatchView> {
    const batch = await this.batches.findById(this.dataSource.manager, batchId);
    if (!batch || !mayReadBatch(reader, batch.hospital_id)) throw new NotFoundError('IntakeBatch', batchId);
    return toIntakeBatchView(batch);
  }
}

@QueryHandler(ListIntakeBatches)
export class ListIntakeBatchesHandler implements IQueryHandler<ListIntakeBatches, IntakeBatchPage> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: IntakeBatchRepository,
  ) {}

  async execute({ reader, hospitalId, page, pageSize }: ListIntakeBatches): Promise<IntakeBatchPage> {
    const scope = readableHospital(reader);
    const only = 'all' in scope ? (hospitalId ?? null) : scope.hospitalId;
    if (!('all' in scope) && (only === null || (hospitalId !== undefined && hospitalId !== only))) {
      return { items: [], total: 0, page, pageSize };
    }
    const { rows, total } = await this.batches.list(this.dataSource.manager, only, {
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const now = new Date();
    return { items: rows.map((row) => toIntakeBatchView(row, now)), total, page, pageSize };
  }
}

/** A page of a batch's outcomes, audited (they name the sender's MRNs and the patients). */
@QueryHandler(ListIntakeRecords)
export class ListIntakeRecordsHandler implements IQueryHandler<ListIntakeRecords, IntakeRecordPage> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: IntakeBatchRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async execute({ reader, batchId, outcome, page, pageSize }: ListIntakeRecords): Promise<IntakeRecordPage> {
    const batch = await this.batches.findById(this.dataSource.manager, batchId);
    if (!batch || !mayReadBatch(reader.principal, batch.hospital_id)) throw new NotFoundError('IntakeBatch', batchId);
    const { rows, total } = await this.batches.records(this.dataSource.manager, batchId, outcome, {
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    if (rows.length > 0) {
      const read = { hospitalId: batch.hospital_id, outcome: outcome ?? null, format: 'json' as const, records: rows.length };
      await this.uow.record(reader.actor, new IntakeRecordsRead(batchId, read));
    }
    return { items: rows.map(toIntakeRecordView), total, page, pageSize };
  }
}

/** Outcomes read per statement of an export: a million-record batch streams in slices, never held whole. */
const EXPORT_SLICE = 5_000;
const EXPORT_HEADER = [
  'position',
  'outcome',
  'patient',
  'visit',
  'mrn',
  'visit_account_number',
  'patient_id',
  'encounter_id',
  'errors',
];

/**
 * A batch's outcomes as CSV (the platform's csvLine: every cell quoted,
 * formula-like text such as an MRN sent as `=1+2` defused), in slices of
 * EXPORT_SLICE; the export is audited once its batch is known to be readable.
 */
@QueryHandler(ExportIntakeRecords)
export class ExportIntakeRecordsHandler implements IQueryHandler<ExportIntakeRecords, AsyncIterable<string>> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: IntakeBatchRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async execute({ reader, batchId, outcome }: ExportIntakeRecords): Promise<AsyncIterable<string>> {
    const batch = await this.batches.findById(this.dataSource.manager, batchId);
    if (!batch || !mayReadBatch(reader.principal, batch.hospital_id)) throw new NotFoundError('IntakeBatch', batchId);
    const read = { hospitalId: batch.hospital_id, outcome: outcome ?? null, format: 'csv' as const, records: batch.records_done };
    await this.uow.record(reader.actor, new IntakeRecordsRead(batchId, read));
    return this.lines(batchId, outcome);
  }

  private async *lines(batchId: string, outcome: RecordOutcomeFilter | undefined): AsyncIterable<string> {
    yield csvLine(EXPORT_HEADER);
    let after = 0;
    for (;;) {
      const rows = await this.batches.recordsAfter(this.dataSource.manager, batchId, outcome, after, EXPORT_SLICE);
      if (rows.length === 0) return;
      yield rows.map((row) => csvLine(exportCells(toIntakeRecordView(row)))).join('');
      after = rows[rows.length - 1].position;
    }
  }
}

function exportCells(record: IntakeRecordView): CsvValue[] {
  const errors = record.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return [
    record.position,
    record.outcome,
    record.patient,
    record.visit,
    record.mrn,
    record.visitAccountNumber,
    record.patientId,
    record.encounterId,
    errors,
  ];
}
