import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EncryptedTextTable } from '../../../infrastructure/context/context-descriptor.js';

/** The injection token of the encrypted text tables the contexts declare (their descriptors' encryptedTexts). */
export const ENCRYPTED_TEXT_TABLES = Symbol('ENCRYPTED_TEXT_TABLES');

/** Sorts before every uuid: a table's pass with no position starts here. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A row's id and its stored ciphertexts, by column. */
export type StoredTexts = { readonly id: string } & Readonly<Record<string, string | null>>;

/**
 * The SQL of a rotation over other contexts' encrypted text tables: rows not
 * under the target key, by id, locked as patients' are, rewritten without
 * touching `version` or `updated_at` (the record does not change, so
 * clients' If-Match versions stay valid). Table and column names come from
 * the descriptors and are checked to be plain identifiers before any SQL.
 */
@Injectable()
export class PiiRotationTextRows {
  constructor(@Inject(ENCRYPTED_TEXT_TABLES) readonly tables: readonly EncryptedTextTable[]) {
    for (const { table, columns } of tables) {
      for (const name of [table, ...columns]) {
        if (!IDENTIFIER.test(name)) throw new Error(`encrypted text table ${table}: ${name} is not a plain identifier`);
      }
    }
  }

  lockNext(
    db: EntityManager,
    { table, columns }: EncryptedTextTable,
    targetKeyId: string,
    after: string | null,
    limit: number,
  ): Promise<StoredTexts[]> {
    return db.query<StoredTexts[]>(
      `SELECT id, ${columns.join(', ')} FROM ${table}
        WHERE id > $1 AND pii_key_id <> $2
        ORDER BY id LIMIT $3 FOR NO KEY UPDATE`,
      [after ?? NIL_UUID, targetKeyId, limit],
    );
  }

  /** Rows of every table that name another key than the target (rows without texts name none). */
  async countRemaining(db: EntityManager, targetKeyId: string): Promise<number> {
    let remaining = 0;
    for (const { table } of this.tables) {
      const [{ n }] = await db.query<{ n: number }[]>(`SELECT count(*)::float8 AS n FROM ${table} WHERE pii_key_id <> $1`, [
        targetKeyId,
      ]);
      remaining += n;
    }
    return remaining;
  }

  /** New ciphertexts of locked rows, all under `keyId`, in one statement. */
  async write(db: EntityManager, { table, columns }: EncryptedTextTable, rows: readonly StoredTexts[], keyId: string) {
    if (rows.length === 0) return;
    const arrays = columns.map((_, i) => `$${i + 2}::text[]`).join(', ');
    await db.query(
      `UPDATE ${table} AS t SET ${columns.map((c) => `${c} = v.${c}`).join(', ')}, pii_key_id = $${columns.length + 2}
         FROM unnest($1::uuid[], ${arrays}) AS v(id, ${columns.join(', ')})
        WHERE t.id = v.id`,
      [rows.map((r) => r.id), ...columns.map((column) => rows.map((r) => r[column] ?? null)), keyId],
    );
  }
}
