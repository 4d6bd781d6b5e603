import { ServiceUnavailableException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@hms/authz';
import { InvalidInputError, NotFoundError, uuidv7 } from '@hms/ddd';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ObjectStorage, StorageUnavailableError } from '../../../../infrastructure/storage/object-storage.js';
import { GetDepartment, GetHospital } from '../../../hospitals/index.js';
import { INTAKE_CSV_HEADER, intakeCsvLine } from '../../domain/intake-csv.js';
import {
  IntakeHospitalOutOfScopeError,
  IntakeIdempotencyKeyReusedError,
  UnknownIntakeServiceProviderError,
} from '../../domain/intake-errors.js';
import { IntakeBatchReceived } from '../../domain/intake-events.js';
import { intakeFileKey, intakeFileName } from '../../domain/intake-file-name.js';
import { IntakeBatchRepository } from '../../infrastructure/intake-batch.repository.js';
import type { IntakeBatchRow } from '../../infrastructure/intake-batch-row.js';
import { toIntakeBatchView } from '../intake-batch-view.js';
import { type StoredIntakeFile, SubmitIntake, type SubmittedIntake } from './submit-intake.command.js';

/**
 * Accepts a feed as a batch. The request was checked whole before it got
 * here; this checks where it goes (the hospital within the sender's scope,
 * the department the hospital's own), writes a JSON feed as CSV to object
 * storage (a CSV feed is already there), and only then records the batch
 * and its IntakeBatchReceived event in one transaction: the event's handler
 * queues the processing, so a Redis outage delays it and loses nothing.
 * Storage unreachable answers 503 with nothing recorded; a stored file
 * whose batch is not recorded is removed (or, failing that, by retention).
 */
@CommandHandler(SubmitIntake)
export class SubmitIntakeHandler implements ICommandHandler<SubmitIntake, SubmittedIntake> {
  constructor(
    private readonly uow: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: IntakeBatchRepository,
    private readonly storage: ObjectStorage,
    private readonly queries: QueryBus,
  ) {}

  async execute({ submitter, hospitalId, departmentId, idempotencyKey, feed }: SubmitIntake): Promise<SubmittedIntake> {
    const { actor, principal } = submitter;
    const key = idempotencyKey ?? null;
    let stored: StoredIntakeFile | undefined = feed.source === 'csv' ? feed.file : undefined;
    try {
      const json = feed.source === 'json' ? Buffer.from(INTAKE_CSV_HEADER + feed.records.map(intakeCsvLine).join('')) : null;
      const sha256 = stored?.sha256 ?? createHash('sha256').update(json!).digest('hex');
      if (key) {
        const earlier = await this.batches.findByIdempotencyKey(this.dataSource.manager, actor.id, key);
        if (earlier) return await this.replay(earlier, sha256, stored);
      }
      const department = await this.checkDestination(principal, hospitalId, departmentId);
      if (feed.source === 'json') {
        const receivedAt = new Date();
        const batchId = uuidv7();
        const fileName = intakeFileName(receivedAt, batchId);
        const fileKey = intakeFileKey(fileName);
        await this.store(fileKey, json!);
        stored = { batchId, receivedAt, fileName, fileKey, sha256, bytes: json!.length, records: feed.records.length };
      }
      const file = stored!;
      await this.uow.run(actor, async (tx) => {
        await this.batches.insert(tx.manager, {
          id: file.batchId,
          hospitalId,
          departmentId: department,
          source: feed.source,
          fileKey: file.fileKey,
          fileName: file.fileName,
          fileSha256: file.sha256,
          fileBytes: file.bytes,
          recordsReceived: file.records,
          idempotencyKey: key,
          submittedBy: actor.id,
          receivedAt: file.receivedAt,
        });
        tx.record(
          new IntakeBatchReceived(file.batchId, {
            hospitalId,
            departmentId: department,
            source: feed.source,
            recordsReceived: file.records,
            fileBytes: file.bytes,
            fileSha256: file.sha256,
          }),
        );
      });
      const batch = await this.batches.findById(this.dataSource.manager, file.batchId);
      return { view: toIntakeBatchView(batch!), replayed: false };
    } catch (error) {
      if (stored) await this.storage.delete(stored.fileKey).catch(() => undefined);
      // The same key sent twice at once: the unique index lets one through; the other answers as a repetition.
      if (key && sqlStateOf(error) === '23505') {
        const earlier = await this.batches.findByIdempotencyKey(this.dataSource.manager, actor.id, key);
        if (earlier) return this.replay(earlier, stored?.sha256 ?? '', undefined);
      }
      throw error;
    }
  }

  /**
   * The hospital must be the sender's own unless they hold intake:submit for
   * every hospital, and exist; the department (the sender's own when left
   * out and they work there) must be one of its own. Answers the department.
   */
  private async checkDestination(principal: Principal, hospitalId: string, departmentId: string | undefined): Promise<string> {
    if (!principal.permissions.includes('intake:submit') && principal.hospitalId !== hospitalId) {
      throw new IntakeHospitalOutOfScopeError(hospitalId);
    }
    const department = departmentId ?? (principal.hospitalId === hospitalId ? principal.departmentId : null);
    if (!department) {
      const message = 'departmentId is required unless you work in a department of the receiving hospital';
      throw new InvalidInputError(message, [{ field: 'departmentId', message }]);
    }
    try {
      await this.queries.execute(new GetHospital(hospitalId));
      await this.queries.execute(new GetDepartment(hospitalId, department));
    } catch (error) {
      if (error instanceof NotFoundError) throw new UnknownIntakeServiceProviderError(hospitalId, department);
      throw error;
    }
    return department;
  }

  private async store(fileKey: string, content: Buffer): Promise<void> {
    try {
      await this.storage.put(fileKey, content, { contentType: 'text/csv' });
    } catch (error) {
      if (error instanceof StorageUnavailableError)
        throw new ServiceUnavailableException('File storage is unavailable; try again later');
      throw error;
    }
  }

  /** A repetition answers the first batch; a CSV feed stored again for it is removed. */
  private async replay(earlier: IntakeBatchRow, sha256: string, stored: StoredIntakeFile | undefined): Promise<SubmittedIntake> {
    if (stored) await this.storage.delete(stored.fileKey).catch(() => undefined);
    if (earlier.file_sha256 !== sha256) throw new IntakeIdempotencyKeyReusedError(earlier.id);
    return { view: toIntakeBatchView(earlier), replayed: true };
  }
}
