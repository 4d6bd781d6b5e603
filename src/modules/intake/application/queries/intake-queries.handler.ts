import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { IntakeBatchRepository } from '../../infrastructure/intake-batch.repository.js';
import { mayReadBatch, readableHospital } from '../intake-access.js';
import {
  type IntakeBatchPage,
  type IntakeBatchView,
  type IntakeRecordPage,
  toIntakeBatchView,
  toIntakeRecordView,
} from '../intake-batch-view.js';
import { GetIntakeBatch } from './get-intake-batch.query.js';
import { ListIntakeBatches } from './list-intake-batches.query.js';
import { ListIntakeRecords } from './list-intake-records.query.js';

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

@QueryHandler(ListIntakeRecords)
export class ListIntakeRecordsHandler implements IQueryHandler<ListIntakeRecords, IntakeRecordPage> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: IntakeBatchRepository,
  ) {}

  async execute({ reader, batchId, outcome, page, pageSize }: ListIntakeRecords): Promise<IntakeRecordPage> {
    const batch = await this.batches.findById(this.dataSource.manager, batchId);
    if (!batch || !mayReadBatch(reader, batch.hospital_id)) throw new NotFoundError('IntakeBatch', batchId);
    const { rows, total } = await this.batches.records(this.dataSource.manager, batchId, outcome, {
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { items: rows.map(toIntakeRecordView), total, page, pageSize };
  }
}
