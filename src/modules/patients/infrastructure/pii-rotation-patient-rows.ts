import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PiiRotationKind } from '../domain/pii-rotation-kind.js';
import {
  BLIND_INDEX_COLUMNS,
  type BlindIndexColumn,
  type BlindIndexes,
  ENCRYPTED_COLUMNS,
  type EncryptedColumn,
  type EncryptedColumns,
} from './patient-encryption.js';

/** The patients column that names the key each kind of rotation moves rows to. */
const KEY_ID_COLUMN: Readonly<Record<PiiRotationKind, string>> = {
  encryption: 'pii_key_id',
  'blind-index': 'blind_index_key_id',
};

const ENCRYPTED = Object.values(ENCRYPTED_COLUMNS) as EncryptedColumn[];
const INDEXES = Object.values(BLIND_INDEX_COLUMNS) as BlindIndexColumn[];
/** Sorts before every uuid: a pass with no position starts here. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** A patient's id and stored ciphertexts: all a rotation reads. */
export type StoredPatientColumns = { readonly id: string } & EncryptedColumns;

/**
 * The SQL of a rotation over the patients table. It writes the ciphertext or
 * index columns and the key id only: never `version` or `updated_at`, since
 * the record does not change and clients' If-Match versions must stay valid.
 */
@Injectable()
export class PiiRotationPatientRows {
  /**
   * Locks the next rows after `after` (id order) that are not under the
   * target key. A row another transaction holds (a PATCH in flight) is waited
   * for, never skipped; once that write commits the row is checked again, and
   * left out if it now is under the target. FOR NO KEY UPDATE is the lock an
   * UPDATE takes anyway, and lets care links still reference the row.
   */
  lockNext(
    db: EntityManager,
    kind: PiiRotationKind,
    targetKeyId: string,
    after: string | null,
    limit: number,
  ): Promise<StoredPatientColumns[]> {
    return db.query<StoredPatientColumns[]>(
      `SELECT id, ${ENCRYPTED.join(', ')} FROM patients
        WHERE id > $1 AND ${KEY_ID_COLUMN[kind]} <> $2
        ORDER BY id LIMIT $3 FOR NO KEY UPDATE`,
      [after ?? NIL_UUID, targetKeyId, limit],
    );
  }

  /** Rows not yet under the key; a sequential scan (the key columns are not indexed), for a pass's end and for operators. */
  async countRemaining(db: EntityManager, kind: PiiRotationKind, targetKeyId: string): Promise<number> {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::float8 AS n FROM patients WHERE ${KEY_ID_COLUMN[kind]} <> $1`,
      [targetKeyId],
    );
    return n;
  }

  /** New ciphertexts of locked rows, all under `keyId`, in one statement. */
  async writeCiphertexts(db: EntityManager, rows: readonly StoredPatientColumns[], keyId: string): Promise<void> {
    if (rows.length === 0) return;
    const arrays = ENCRYPTED.map((column, i) => `$${i + 2}::text[]`).join(', ');
    await db.query(
      `UPDATE patients AS p SET ${ENCRYPTED.map((c) => `${c} = v.${c}`).join(', ')}, pii_key_id = $${ENCRYPTED.length + 2}
         FROM unnest($1::uuid[], ${arrays}) AS v(id, ${ENCRYPTED.join(', ')})
        WHERE p.id = v.id`,
      [rows.map((r) => r.id), ...ENCRYPTED.map((column) => rows.map((r) => r[column])), keyId],
    );
  }

  /** New blind indexes of locked rows, all under `keyId`, in one statement. */
  async writeIndexes(
    db: EntityManager,
    rows: readonly { readonly id: string; readonly indexes: BlindIndexes }[],
    keyId: string,
  ): Promise<void> {
    if (rows.length === 0) return;
    const arrays = INDEXES.map((column, i) => `$${i + 2}::text[]`).join(', ');
    await db.query(
      `UPDATE patients AS p SET ${INDEXES.map((c) => `${c} = v.${c}`).join(', ')}, blind_index_key_id = $${INDEXES.length + 2}
         FROM unnest($1::uuid[], ${arrays}) AS v(id, ${INDEXES.join(', ')})
        WHERE p.id = v.id`,
      [rows.map((r) => r.id), ...INDEXES.map((column) => rows.map((r) => r.indexes[column])), keyId],
    );
  }
}
