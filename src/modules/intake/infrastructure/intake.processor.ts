import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { buildAbility, type Principal } from '@hms/authz';
import { dateInTimeZone, DomainError, systemActor } from '@hms/ddd';
import { parse } from 'csv-parse';
import { pipeline } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { ObjectStorage } from '../../../infrastructure/storage/object-storage.js';
import { RecordVisit } from '../../emr/index.js';
import { GetHospital } from '../../hospitals/index.js';
import { type PatientEditor, RecordExternalPatient } from '../../patients/index.js';
import { type IntakeBatchStatus, isSettled, settledIntakeStatus } from '../domain/intake-batch-status.js';
import { INTAKE_CSV_FORMAT } from '../domain/intake-csv.js';
import { IntakeBatchProcessed } from '../domain/intake-events.js';
import { checkIntakeHeader, checkIntakeRecord, type IntakeRecord } from '../domain/intake-record.js';
import { headerFields, recordKeys, type RecordKeys, recordOfRow } from '../domain/intake-row.js';
import { type RecordFailure, recordFailure } from '../domain/record-failure.js';
import { countersOfRow, type IntakeBatchRow } from './intake-batch-row.js';
import { IntakeBatchRepository, type RecordOutcome } from './intake-batch.repository.js';

/** Who the worker's writes and events are attributed to; the sender is on the batch (submitted_by). */
export const INTAKE_ACTOR = systemActor('patient-intake');

/**
 * What the worker may do for a batch, within the batch's hospital: register
 * and update patients, and record visits under the batch's department.
 */
const WORKER_PERMISSIONS = [
  'patients:read:hospital',
  'patients:register',
  'patients:update',
  'encounters:read:hospital',
  'emr:read:hospital',
  'emr:write:hospital',
];

const GAVE_UP = 'Processing stopped after repeated failures; records applied so far are kept. Send the rest again';

interface PendingRecord {
  readonly position: number;
  readonly keys: RecordKeys;
  readonly row: { readonly record: Record<string, string> } | { readonly problem: string };
}

/**
 * Processes one intake batch: streams the stored file (verified as it is
 * read) through the CSV parser and applies its records in file order, in
 * chunks of INGEST_CHUNK_SIZE records per transaction. Each record runs
 * under its own savepoint: the patient (through the patients context's own
 * commands) and the visit (through the EMR's) are written together or not
 * at all, and a refused record leaves the others. The chunk's outcomes and
 * the batch's counters commit with its records.
 *
 * It may run more than once for a batch (a killed worker, a retried job, a
 * job handed out again): each chunk holds the batch row and applies only
 * records past records_done, so a record is applied and counted once.
 */
@Injectable()
export class IntakeProcessor {
  constructor(
    private readonly uow: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: IntakeBatchRepository,
    private readonly storage: ObjectStorage,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs or resumes the batch; answers its status afterwards, or undefined when it no longer exists. */
  async process(batchId: string): Promise<IntakeBatchStatus | undefined> {
    const batch = await this.batches.markProcessing(this.dataSource.manager, batchId);
    if (!batch || isSettled(batch.status)) return batch?.status;
    const hospital = await this.queries.execute(new GetHospital(batch.hospital_id));
    // Dates are judged against the hospital's day the feed arrived, so a re-run judges them alike.
    const today = dateInTimeZone(batch.received_at, hospital.timeZone);
    const writer = writerFor(batch);

    const parser = parse(INTAKE_CSV_FORMAT);
    // pipeline destroys both streams on an error or an early stop, so the loop below sees the error.
    pipeline(await this.storage.get(batch.file_key), parser, () => undefined);
    let header: string[] | undefined;
    let position = 0;
    let chunk: PendingRecord[] = [];
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!header) {
        if (checkIntakeHeader(cells)) throw new Error('the stored file no longer has a valid header');
        header = headerFields(cells);
        continue;
      }
      position += 1;
      if (position <= batch.records_done) continue;
      chunk.push({ position, keys: recordKeys(header, cells), row: recordOfRow(header, cells) });
      if (chunk.length >= this.config.intake.chunkSize) {
        if (!(await this.applyChunk(batchId, writer, today, chunk))) return this.statusOf(batchId);
        chunk = [];
      }
    }
    if (!(await this.applyChunk(batchId, writer, today, chunk))) return this.statusOf(batchId);
    if (position !== batch.records_received) {
      throw new Error(`the stored file has ${position} records where the batch counted ${batch.records_received}`);
    }
    return this.settle(batchId);
  }

  /** After the last attempt failed: the batch ends failed, keeping what was applied. */
  async giveUp(batchId: string): Promise<void> {
    await this.uow.run(INTAKE_ACTOR, async (tx) => {
      const batch = await this.batches.findById(tx.manager, batchId, true);
      if (!batch || isSettled(batch.status)) return;
      const failed = await this.batches.finish(tx.manager, batchId, 'failed', GAVE_UP);
      tx.record(new IntakeBatchProcessed(batchId, { status: 'failed', counters: countersOfRow(failed) }));
    });
  }

  /** Applies one chunk; false when the batch is no longer processing (another run settled it). */
  private async applyChunk(
    batchId: string,
    writer: PatientEditor,
    today: string,
    chunk: readonly PendingRecord[],
  ): Promise<boolean> {
    return this.uow.run(INTAKE_ACTOR, async (tx) => {
      const batch = await this.batches.findById(tx.manager, batchId, true);
      if (!batch || batch.status !== 'processing') return false;
      // Another run of this batch may have applied part of the chunk meanwhile: keep what is still to do.
      const outcomes: RecordOutcome[] = [];
      for (const pending of chunk) {
        if (pending.position <= batch.records_done) continue;
        outcomes.push(await this.applyRecord(batch, writer, today, pending));
      }
      await this.batches.recordChunk(tx.manager, batchId, outcomes);
      return true;
    });
  }

  private async applyRecord(
    batch: IntakeBatchRow,
    writer: PatientEditor,
    today: string,
    pending: PendingRecord,
  ): Promise<RecordOutcome> {
    const refused = (errors: readonly RecordFailure[]): RecordOutcome => ({
      position: pending.position,
      ...pending.keys,
      patientOutcome: null,
      visitOutcome: null,
      patientId: null,
      encounterId: null,
      errors,
    });
    if ('problem' in pending.row) return refused([{ field: 'record', message: pending.row.problem }]);
    const check = checkIntakeRecord(pending.row.record, today);
    if (!check.valid) return refused(check.errors);
    try {
      return await this.uow.savepoint(() => this.applyValid(batch, writer, pending, check.record));
    } catch (error) {
      // A rule of patients or the EMR refused the record: its error, the others go on. Anything else fails the chunk.
      if (error instanceof DomainError) return refused(recordFailure(error as DomainError<string>));
      throw error;
    }
  }

  private async applyValid(
    batch: IntakeBatchRow,
    writer: PatientEditor,
    { position, keys }: PendingRecord,
    record: IntakeRecord,
  ): Promise<RecordOutcome> {
    const patient = await this.commands.execute(
      new RecordExternalPatient(writer, {
        assignerHospitalId: batch.hospital_id,
        value: record.mrn,
        firstName: record.firstName,
        lastName: record.lastName,
        birthDate: record.birthDate,
      }),
    );
    const visit = await this.commands.execute(
      new RecordVisit(writer, patient.patientId, {
        hospitalId: batch.hospital_id,
        departmentId: batch.department_id,
        accountNumber: record.visitAccountNumber,
        visitDate: record.visitDate,
        reasonText: record.reason,
      }),
    );
    return {
      position,
      ...keys,
      patientOutcome: patient.outcome,
      visitOutcome: visit.outcome,
      patientId: patient.patientId,
      encounterId: visit.encounterId,
      errors: null,
    };
  }

  private async settle(batchId: string): Promise<IntakeBatchStatus | undefined> {
    return this.uow.run(INTAKE_ACTOR, async (tx) => {
      const batch = await this.batches.findById(tx.manager, batchId, true);
      if (!batch || batch.status !== 'processing') return batch?.status;
      const status = settledIntakeStatus(batch.errors);
      const settled = await this.batches.finish(tx.manager, batchId, status);
      tx.record(new IntakeBatchProcessed(batchId, { status, counters: countersOfRow(settled) }));
      return status;
    });
  }

  private async statusOf(batchId: string): Promise<IntakeBatchStatus | undefined> {
    return (await this.batches.findById(this.dataSource.manager, batchId))?.status;
  }
}

/**
 * The worker acts for the batch within its hospital and department: scoped
 * as a records clerk of that hospital would be, the sender's user id on the
 * principal (what scope rules compare), the writes attributed to INTAKE_ACTOR.
 */
function writerFor(batch: IntakeBatchRow): PatientEditor {
  const principal: Principal = {
    userId: batch.submitted_by,
    sessionId: batch.id,
    roles: [],
    permissions: WORKER_PERMISSIONS,
    hospitalId: batch.hospital_id,
    departmentId: batch.department_id,
    emergencyGrants: [],
  };
  return { actor: INTAKE_ACTOR, principal, ability: buildAbility(principal) };
}
