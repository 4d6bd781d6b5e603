import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { buildAbility, type Principal } from '@hms/authz';
import { dateInTimeZone, DomainError, NotAppliedAsSetError, systemActor } from '@hms/ddd';
import { parse } from 'csv-parse';
import { pipeline } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { ObjectStorage } from '../../../infrastructure/storage/object-storage.js';
import { type PastVisit, RecordVisit, RecordVisits, type VisitOutcome } from '../../emr/index.js';
import { GetHospital } from '../../hospitals/index.js';
import {
  type ExternalPatientOutcome,
  type ExternalPatientRecord,
  type PatientEditor,
  RecordExternalPatient,
  RecordExternalPatients,
} from '../../patients/index.js';
import { type IntakeBatchStatus, isSettled, settledIntakeStatus } from '../domain/intake-batch-status.js';
import { independentRuns } from '../domain/independent-runs.js';
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
export const WORKER_PERMISSIONS = [
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
 * chunks of INGEST_CHUNK_SIZE records per transaction. A chunk's records
 * that touch none of each other's rows go together through the set forms
 * of the patients' and the EMR's commands (ADR 41); a record they refuse is
 * found by halving, and applied alone under its own savepoint, through the
 * single commands: the patient and the visit are written together or not
 * at all, and a refused record leaves the others. The chunk's outcomes and
 * the batch's counters commit with its records.
 *
 * It may run more than once for a batch (a killed worker, a retried job, a
 * job handed out again): each chunk holds the batch row and applies only
 * records past records_done, so a record is applied and counted once.
 */
@Injectable()
export class IntakeProcessor {
  private readonly logger = new Logger(IntakeProcessor.name);

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
      const records = chunk
        .filter((pending) => pending.position > batch.records_done)
        .map((pending) => checkedRecord(pending, today));
      const valid = records.filter((record): record is ValidRecord => 'record' in record);
      const applied = new Map<number, RecordOutcome>();
      for (const run of independentRuns(valid, ({ record }) => [`mrn:${record.mrn}`, `visit:${record.visitAccountNumber}`])) {
        for (const outcome of await this.applyRun(batch, writer, run)) applied.set(outcome.position, outcome);
      }
      const outcomes = records.map((record) => ('refused' in record ? record.refused : applied.get(record.pending.position)!));
      await this.batches.recordChunk(tx.manager, batchId, outcomes);
      return true;
    });
  }

  /**
   * Records that touch none of each other's rows, through the set forms of
   * the patients' and the EMR's commands (ADR 41) under one savepoint: a few
   * statements for the run instead of about eighteen per record. When they
   * cannot all be applied together (a record the commands refuse), nothing
   * of the attempt stays and each half is tried the same way, down to single
   * records through the single commands, which answer that record's error:
   * a refused record costs a few set attempts, not its chunk's speed.
   */
  private async applyRun(batch: IntakeBatchRow, writer: PatientEditor, run: readonly ValidRecord[]): Promise<RecordOutcome[]> {
    if (run.length === 0) return [];
    if (run.length === 1) return [await this.applyRecord(batch, writer, run[0])];
    try {
      return await this.uow.savepoint(async () => {
        const patients = await this.commands.execute(
          new RecordExternalPatients(
            writer,
            run.map(({ record }) => externalPatientOf(batch, record)),
          ),
        );
        const visits = await this.commands.execute(
          new RecordVisits(
            writer,
            run.map(({ record }, i) => ({ patientId: patients[i].patientId, visit: pastVisitOf(batch, record) })),
          ),
        );
        return run.map(({ pending }, i) => appliedOutcome(pending, patients[i], visits[i]));
      });
    } catch (error) {
      if (!(error instanceof NotAppliedAsSetError || error instanceof DomainError)) throw error;
      this.logger.debug(
        {
          batchId: batch.id,
          records: run.length,
          reason: error instanceof NotAppliedAsSetError ? error.reason : (error as DomainError<string>).code,
        },
        'intake records not applied as one set; trying each half',
      );
      const half = Math.ceil(run.length / 2);
      return [
        ...(await this.applyRun(batch, writer, run.slice(0, half))),
        ...(await this.applyRun(batch, writer, run.slice(half))),
      ];
    }
  }

  private async applyRecord(
    batch: IntakeBatchRow,
    writer: PatientEditor,
    { pending, record }: ValidRecord,
  ): Promise<RecordOutcome> {
    try {
      return await this.uow.savepoint(async () => {
        const patient = await this.commands.execute(new RecordExternalPatient(writer, externalPatientOf(batch, record)));
        const visit = await this.commands.execute(new RecordVisit(writer, patient.patientId, pastVisitOf(batch, record)));
        return appliedOutcome(pending, patient, visit);
      });
    } catch (error) {
      // A rule of patients or the EMR refused the record: its error, the others go on. Anything else fails the chunk.
      if (error instanceof DomainError) return refusedOutcome(pending, recordFailure(error as DomainError<string>));
      throw error;
    }
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

/** A record of the chunk after its own checks: refused already, or valid and still to apply. */
type CheckedRecord = { readonly refused: RecordOutcome } | ValidRecord;
interface ValidRecord {
  readonly pending: PendingRecord;
  readonly record: IntakeRecord;
}

function checkedRecord(pending: PendingRecord, today: string): CheckedRecord {
  if ('problem' in pending.row) return { refused: refusedOutcome(pending, [{ field: 'record', message: pending.row.problem }]) };
  const check = checkIntakeRecord(pending.row.record, today);
  return check.valid ? { pending, record: check.record } : { refused: refusedOutcome(pending, check.errors) };
}

function externalPatientOf(batch: IntakeBatchRow, record: IntakeRecord): ExternalPatientRecord {
  return {
    assignerHospitalId: batch.hospital_id,
    value: record.mrn,
    firstName: record.firstName,
    lastName: record.lastName,
    birthDate: record.birthDate,
  };
}

function pastVisitOf(batch: IntakeBatchRow, record: IntakeRecord): PastVisit {
  return {
    hospitalId: batch.hospital_id,
    departmentId: batch.department_id,
    accountNumber: record.visitAccountNumber,
    visitDate: record.visitDate,
    reasonText: record.reason,
  };
}

function refusedOutcome({ position, keys }: PendingRecord, errors: readonly RecordFailure[]): RecordOutcome {
  return { position, ...keys, patientOutcome: null, visitOutcome: null, patientId: null, encounterId: null, errors };
}

function appliedOutcome(
  { position, keys }: PendingRecord,
  patient: { patientId: string; outcome: ExternalPatientOutcome },
  visit: { encounterId: string; outcome: VisitOutcome },
): RecordOutcome {
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
