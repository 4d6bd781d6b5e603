import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { decryptField, encryptField, FieldDecryptionError } from '@hms/crypto';
import { systemActor } from '@hms/ddd';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import type { PatientPersonalData, PersonalField } from '../domain/patient-personal-data.js';
import { PiiRotationCompleted } from '../domain/pii-rotation-completed.event.js';
import { PiiRotationFailed } from '../domain/pii-rotation-failed.event.js';
import type { PiiRotationKind } from '../domain/pii-rotation-kind.js';
import type { EncryptedTextTable } from '../../../infrastructure/context/context-descriptor.js';
import {
  afterPass,
  gaveUpError,
  progressPercent,
  targetRefusal,
  unreadableRowError,
  unreadableTextError,
} from '../domain/pii-rotation-policy.js';
import type { PiiRotationFailure, PiiRotationStatus } from '../domain/pii-rotation-status.js';
import { PatientCipher } from './patient-cipher.js';
import {
  type BlindIndexes,
  blindIndexesOf,
  decryptPersonalField,
  ENCRYPTED_COLUMNS,
  PATIENTS_TABLE,
} from './patient-encryption.js';
import { PiiRotationPatientRows, type StoredPatientColumns } from './pii-rotation-patient-rows.js';
import { PiiRotationMetrics } from './pii-rotation-metrics.js';
import { PiiRotationRemainingRows } from './pii-rotation-remaining-rows.js';
import { PiiRotationTextRows, type StoredTexts } from './pii-rotation-text-rows.js';
import { PiiRotationRepository } from './pii-rotation.repository.js';
import type { PiiRotationRow } from './pii-rotation-row.js';

/** Who the worker's writes and events are attributed to; the operator is on the rotation (requested_by). */
export const ROTATION_ACTOR = systemActor('pii-rotation');

const FIELDS = Object.entries(ENCRYPTED_COLUMNS) as [PersonalField, StoredColumn][];
type StoredColumn = (typeof ENCRYPTED_COLUMNS)[PersonalField];

interface Unreadable {
  readonly patientId: string;
  readonly column: string;
  readonly reason: string;
}

/** A batch's rows rewritten in memory, up to the first row that could not be read (if any). */
interface Rewritten<R> {
  readonly rows: R[];
  readonly unreadable?: Unreadable;
}

/** A rotation's status once a step found it finished; `here` when this step is the one that finished it. */
interface Settled {
  readonly status: PiiRotationStatus | undefined;
  readonly here: boolean;
}

type BatchOutcome =
  | { readonly kind: 'rewrote'; readonly rows: number; readonly total: number }
  | { readonly kind: 'pass-ended' }
  | ({ readonly kind: 'finished' } & Settled);

type TextBatchOutcome =
  | { readonly kind: 'rewrote'; readonly rows: number; readonly lastId: string }
  | { readonly kind: 'pass-ended' }
  | ({ readonly kind: 'finished' } & Settled);

/** A reason safe to store: the cipher's own words (they name key ids, never values), else the error's class. */
function reasonOf(error: unknown): string {
  if (error instanceof FieldDecryptionError) return error.message.replace(/^encrypted field could not be read: /, '');
  return error instanceof Error ? error.name : 'Error';
}

/**
 * Runs one rotation: rewrites the patient rows not yet under the target key
 * in batches, each batch one transaction with the rotation's progress
 * (rows_rewritten, last_patient_id). A pass that finds nothing more re-counts
 * from the start, so rows written meanwhile under an older key are caught,
 * then completes.
 *
 * A rotation of the encryption key then rewrites, in the same pass, the
 * other contexts' encrypted text tables (their descriptors' encryptedTexts:
 * encounters' and clinical notes' texts), table by table in batches; their
 * rows not yet under the target count towards the pass's end as patients' do.
 *
 * It may run more than once for a rotation (Bull retries, a stalled job
 * picked up again, two runs at once): every batch locks the rotation row and
 * continues from its last_patient_id, and selects only rows not under the
 * target, so work is resumed, never repeated.
 */
@Injectable()
export class PiiRotationProcessor {
  private readonly logger = new Logger(PiiRotationProcessor.name);

  constructor(
    private readonly uow: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rotations: PiiRotationRepository,
    private readonly patients: PiiRotationPatientRows,
    private readonly texts: PiiRotationTextRows,
    private readonly remainingRows: PiiRotationRemainingRows,
    private readonly cipher: PatientCipher,
    private readonly metrics: PiiRotationMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs or resumes the rotation; answers its status afterwards, or undefined when it does not exist. */
  async run(rotationId: string, onProgress?: (percent: number) => Promise<void>): Promise<PiiRotationStatus | undefined> {
    const rotation = await this.rotations.findById(this.dataSource.manager, rotationId);
    if (!rotation || rotation.status !== 'RUNNING') return rotation?.status;
    const { kind, target_key_id: targetKeyId } = rotation;
    const refusal = targetRefusal(kind, targetKeyId, this.activeKeyOf(kind));
    if (refusal) return this.finished(rotation, await this.fail(rotationId, 'target-mismatch', refusal));

    const remainingAtStart = await this.remainingRows.count(this.dataSource.manager, kind, targetKeyId);
    this.logger.log(
      { rotationId, kind, targetKeyId, remainingRows: remainingAtStart, resumed: rotation.last_patient_id !== null },
      'pii rotation running',
    );
    let rewritten = 0;
    for (let pass = 1; ;) {
      const outcome = await this.rewriteBatch(rotationId);
      if (outcome.kind === 'finished') return this.finished(rotation, outcome);
      if (outcome.kind === 'rewrote') {
        rewritten += outcome.rows;
        this.metrics.rowsRewritten.inc({ kind }, outcome.rows);
        this.logger.log({ rotationId, kind, rows: outcome.rows, rowsRewritten: outcome.total }, 'pii rotation batch rewritten');
        await onProgress?.(progressPercent(rewritten, remainingAtStart));
        continue;
      }
      if (kind === 'encryption') {
        const texts = await this.rewriteTexts(rotationId, async (rows) => {
          rewritten += rows;
          await onProgress?.(progressPercent(rewritten, remainingAtStart));
        });
        if (texts) return this.finished(rotation, texts);
      }
      const ended = await this.endPass(rotationId, pass);
      if (ended !== 'another-pass') return this.finished(rotation, ended);
      this.logger.log({ rotationId, kind, pass }, 'pii rotation pass ended with rows under another key; starting over');
      pass += 1;
    }
  }

  /** After the job's last attempt failed (or it stalled too often): the rotation ends FAILED, keeping its batches. */
  async giveUp(rotationId: string, reason: string): Promise<void> {
    const rotation = await this.rotations.findById(this.dataSource.manager, rotationId);
    if (rotation) this.finished(rotation, await this.fail(rotationId, 'gave-up', gaveUpError(reason)));
  }

  private activeKeyOf(kind: PiiRotationKind): string {
    return kind === 'encryption' ? this.cipher.activeKeyId : this.cipher.activeIndexKeyId;
  }

  /** Counts and logs the end of a rotation once, in the run that ended it; answers its status. */
  private finished(rotation: PiiRotationRow, { status, here }: Settled): PiiRotationStatus | undefined {
    if (here && (status === 'COMPLETED' || status === 'FAILED')) {
      this.metrics.finished.inc({ kind: rotation.kind, status });
      this.logger.log({ rotationId: rotation.id, kind: rotation.kind, status }, 'pii rotation finished');
    }
    return status;
  }

  /** One batch in one transaction: lock the rotation, then the rows, rewrite them, record the progress. */
  private rewriteBatch(rotationId: string): Promise<BatchOutcome> {
    return this.uow.run(ROTATION_ACTOR, async (tx) => {
      const rotation = await this.rotations.findById(tx.manager, rotationId, true);
      if (!rotation || rotation.status !== 'RUNNING') return { kind: 'finished', status: rotation?.status, here: false };
      const { kind, target_key_id: targetKeyId } = rotation;
      const rows = await this.patients.lockNext(
        tx.manager,
        kind,
        targetKeyId,
        rotation.last_patient_id,
        this.config.patients.rotationBatchSize,
      );
      if (rows.length === 0) return { kind: 'pass-ended' };

      let rewritten: Rewritten<{ readonly id: string }>;
      if (kind === 'encryption') {
        const reencrypted = this.reencrypt(rows);
        await this.patients.writeCiphertexts(tx.manager, reencrypted.rows, targetKeyId);
        rewritten = reencrypted;
      } else {
        const reindexed = this.reindex(rows);
        await this.patients.writeIndexes(tx.manager, reindexed.rows, targetKeyId);
        rewritten = reindexed;
      }
      const { rows: done, unreadable } = rewritten;
      const total = await this.rotations.recordProgress(
        tx.manager,
        rotationId,
        done.length,
        done.at(-1)?.id ?? rotation.last_patient_id,
      );
      if (!unreadable) return { kind: 'rewrote', rows: done.length, total };

      // The rows before the unreadable one stay rewritten: they commit with the failure.
      if (done.length > 0) this.metrics.rowsRewritten.inc({ kind }, done.length);
      await this.rotations.finish(
        tx.manager,
        rotationId,
        'FAILED',
        unreadableRowError(unreadable.patientId, unreadable.column, unreadable.reason),
      );
      tx.record(new PiiRotationFailed(rotationId, { kind, targetKeyId, rowsRewritten: total, reason: 'unreadable-row' }));
      this.logger.warn(
        { rotationId, kind, patientId: unreadable.patientId, column: unreadable.column },
        'pii rotation stopped at an unreadable row',
      );
      return { kind: 'finished', status: 'FAILED', here: true };
    });
  }

  /**
   * One pass over every encrypted text table, batch by batch; answers how the
   * rotation settled when a batch found it finished (or finished it on an
   * unreadable row), undefined once every table is done.
   */
  private async rewriteTexts(rotationId: string, onRows: (rows: number) => Promise<void>): Promise<Settled | undefined> {
    for (const table of this.texts.tables) {
      let after: string | null = null;
      for (;;) {
        const outcome = await this.rewriteTextBatch(rotationId, table, after);
        if (outcome.kind === 'finished') return outcome;
        if (outcome.kind === 'pass-ended') break;
        this.metrics.rowsRewritten.inc({ kind: 'encryption' }, outcome.rows);
        this.logger.log(
          { rotationId, kind: 'encryption', table: table.table, rows: outcome.rows },
          'pii rotation batch rewritten',
        );
        after = outcome.lastId;
        await onRows(outcome.rows);
      }
    }
    return undefined;
  }

  /** One batch of a text table in one transaction, as a patients batch: lock the rotation, then the rows, rewrite, record. */
  private rewriteTextBatch(rotationId: string, table: EncryptedTextTable, after: string | null): Promise<TextBatchOutcome> {
    return this.uow.run(ROTATION_ACTOR, async (tx): Promise<TextBatchOutcome> => {
      const rotation = await this.rotations.findById(tx.manager, rotationId, true);
      if (!rotation || rotation.status !== 'RUNNING') return { kind: 'finished', status: rotation?.status, here: false };
      const { target_key_id: targetKeyId } = rotation;
      const rows = await this.texts.lockNext(tx.manager, table, targetKeyId, after, this.config.patients.rotationBatchSize);
      if (rows.length === 0) return { kind: 'pass-ended' };
      const { rows: done, unreadable } = this.reencryptTexts(table, rows);
      await this.texts.write(tx.manager, table, done, targetKeyId);
      // The patients' position stays where their pass left it.
      const total = await this.rotations.recordProgress(tx.manager, rotationId, done.length, rotation.last_patient_id);
      if (!unreadable) return { kind: 'rewrote', rows: done.length, lastId: done.at(-1)!.id };

      if (done.length > 0) this.metrics.rowsRewritten.inc({ kind: 'encryption' }, done.length);
      await this.rotations.finish(
        tx.manager,
        rotationId,
        'FAILED',
        unreadableTextError(table.table, unreadable.patientId, unreadable.column, unreadable.reason),
      );
      tx.record(
        new PiiRotationFailed(rotationId, { kind: 'encryption', targetKeyId, rowsRewritten: total, reason: 'unreadable-row' }),
      );
      this.logger.warn(
        { rotationId, kind: 'encryption', table: table.table, rowId: unreadable.patientId, column: unreadable.column },
        'pii rotation stopped at an unreadable row',
      );
      return { kind: 'finished', status: 'FAILED', here: true };
    });
  }

  /** A text table's ciphertexts decrypted with the whole ring and encrypted under the active key, bound to their table, column and row. */
  private reencryptTexts(table: EncryptedTextTable, rows: readonly StoredTexts[]): Rewritten<StoredTexts> {
    const ring = this.cipher.keyring;
    const out: StoredTexts[] = [];
    for (const row of rows) {
      const next: Record<string, string | null> = { id: row.id };
      for (const column of table.columns) {
        const stored = row[column] ?? null;
        const at = { table: table.table, column, rowId: row.id };
        try {
          next[column] = stored === null ? null : encryptField(ring, decryptField(ring, stored, at), at);
        } catch (error) {
          return { rows: out, unreadable: { patientId: row.id, column, reason: reasonOf(error) } };
        }
      }
      out.push(next as StoredTexts);
    }
    return { rows: out };
  }

  /** Every ciphertext decrypted with the whole ring and encrypted under the active key (the plaintext never leaves this loop). */
  private reencrypt(rows: readonly StoredPatientColumns[]): Rewritten<StoredPatientColumns> {
    const ring = this.cipher.keyring;
    const out: StoredPatientColumns[] = [];
    for (const row of rows) {
      const next: Record<string, string | null> = { id: row.id };
      for (const [, column] of FIELDS) {
        const stored = row[column];
        const at = { table: PATIENTS_TABLE, column, rowId: row.id };
        try {
          next[column] = stored === null ? null : encryptField(ring, decryptField(ring, stored, at), at);
        } catch (error) {
          return { rows: out, unreadable: { patientId: row.id, column, reason: reasonOf(error) } };
        }
      }
      out.push(next as StoredPatientColumns);
    }
    return { rows: out };
  }

  /** Every blind index recomputed under the active index key from the decrypted fields. */
  private reindex(rows: readonly StoredPatientColumns[]): Rewritten<{ id: string; indexes: BlindIndexes }> {
    const key = this.cipher.indexKeys[0].secret;
    const out: { id: string; indexes: BlindIndexes }[] = [];
    for (const row of rows) {
      const data: Record<string, unknown> = {};
      for (const [field, column] of FIELDS) {
        try {
          data[field] = decryptPersonalField(this.cipher.keyring, row.id, field, row[column]);
        } catch (error) {
          return { rows: out, unreadable: { patientId: row.id, column, reason: reasonOf(error) } };
        }
      }
      out.push({ id: row.id, indexes: blindIndexesOf(key, data as unknown as PatientPersonalData) });
    }
    return { rows: out };
  }

  /** A pass found nothing after its position: count what is left from the start, then complete, go again, or stop. */
  private endPass(rotationId: string, passesDone: number): Promise<Settled | 'another-pass'> {
    return this.uow.run(ROTATION_ACTOR, async (tx) => {
      const rotation = await this.rotations.findById(tx.manager, rotationId, true);
      if (!rotation || rotation.status !== 'RUNNING') return { status: rotation?.status, here: false };
      const { kind, target_key_id: targetKeyId, rows_rewritten: rowsRewritten } = rotation;
      const remaining = await this.remainingRows.count(tx.manager, kind, targetKeyId);
      const decision = afterPass(kind, targetKeyId, passesDone, remaining);
      if (decision.next === 'another-pass') {
        await this.rotations.recordProgress(tx.manager, rotationId, 0, null);
        return 'another-pass';
      }
      if (decision.next === 'complete') {
        await this.rotations.finish(tx.manager, rotationId, 'COMPLETED');
        tx.record(new PiiRotationCompleted(rotationId, { kind, targetKeyId, rowsRewritten }));
        return { status: 'COMPLETED', here: true };
      }
      await this.rotations.finish(tx.manager, rotationId, 'FAILED', decision.error);
      tx.record(new PiiRotationFailed(rotationId, { kind, targetKeyId, rowsRewritten, reason: 'writers-on-another-key' }));
      return { status: 'FAILED', here: true };
    });
  }

  /** Marks a still RUNNING rotation FAILED with the operator's message, once. */
  private fail(rotationId: string, reason: PiiRotationFailure, error: string): Promise<Settled> {
    return this.uow.run(ROTATION_ACTOR, async (tx) => {
      const rotation = await this.rotations.findById(tx.manager, rotationId, true);
      if (!rotation || rotation.status !== 'RUNNING') return { status: rotation?.status, here: false };
      await this.rotations.finish(tx.manager, rotationId, 'FAILED', error);
      tx.record(
        new PiiRotationFailed(rotationId, {
          kind: rotation.kind,
          targetKeyId: rotation.target_key_id,
          rowsRewritten: rotation.rows_rewritten,
          reason,
        }),
      );
      this.logger.warn({ rotationId, kind: rotation.kind, reason }, 'pii rotation failed');
      return { status: 'FAILED', here: true };
    });
  }
}
