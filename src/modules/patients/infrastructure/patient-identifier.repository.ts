import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { unnestRows } from '../../../infrastructure/database/unnest-rows.js';
import type { ExternalIdentifier } from '../domain/external-identifier.js';
import { CARE_LINKS_LATERAL, EXTERNAL_IDENTIFIERS_OF, type PatientRowWithLinks } from './patient-row.js';

/** The primary key of patient_identifiers: its violation means another patient holds the pair. */
export const PATIENT_IDENTIFIER_KEY = 'patient_identifiers_pkey';

/** patient_identifiers (ADR 38): other systems' identifiers of patients, one patient per (assigner, value). */
@Injectable()
export class PatientIdentifierRepository {
  /**
   * Serialises, until commit, everything that looks up or adds this one
   * identifier: of two feeds naming a new identifier at once, the second
   * waits for the first's commit and then finds its patient. The two-key
   * form keeps this lock's space apart from other advisory locks.
   */
  async lockIdentifier(db: EntityManager, identifier: ExternalIdentifier): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('patients:external-identifier'), hashtext($1 || '/' || $2))`, [
      identifier.assignerHospitalId,
      identifier.value,
    ]);
  }

  /**
   * The patient holding the identifier, with its care links and identifiers,
   * locked FOR UPDATE (undefined: none holds it). A merge committed while
   * this waited for the row answers the merged row: the caller reads again,
   * and finds the identifier on the record it was moved to.
   */
  async lockHolder(db: EntityManager, identifier: ExternalIdentifier): Promise<PatientRowWithLinks | undefined> {
    const [row] = await db.query<PatientRowWithLinks[]>(
      `SELECT p.*, ${EXTERNAL_IDENTIFIERS_OF('p')}, links.user_ids, links.department_ids, links.hospital_ids
         FROM patient_identifiers holder
         JOIN patients p ON p.id = holder.patient_id ${CARE_LINKS_LATERAL}
        WHERE holder.assigner_hospital_id = $1 AND holder.value = $2
          FOR UPDATE OF p`,
      [identifier.assignerHospitalId, identifier.value],
    );
    return row;
  }

  /**
   * lockIdentifier for several values of one assigner, taken in their
   * sorted order so that two sets sharing values cannot deadlock on each other.
   */
  async lockIdentifiers(db: EntityManager, assignerHospitalId: string, values: readonly string[]): Promise<void> {
    await db.query(
      `SELECT pg_advisory_xact_lock(hashtext('patients:external-identifier'), hashtext($1 || '/' || v.value))
         FROM unnest($2::text[]) WITH ORDINALITY AS v (value, n)
        ORDER BY v.n`,
      [assignerHospitalId, [...values].sort()],
    );
  }

  /**
   * lockHolder for several values of one assigner in one statement, rows
   * locked in id order; answers each holder under the value it holds.
   */
  async lockHolders(
    db: EntityManager,
    assignerHospitalId: string,
    values: readonly string[],
  ): Promise<Map<string, PatientRowWithLinks>> {
    const rows = await db.query<(PatientRowWithLinks & { identifier_value: string })[]>(
      `SELECT holder.value AS identifier_value, p.*, ${EXTERNAL_IDENTIFIERS_OF('p')},
              links.user_ids, links.department_ids, links.hospital_ids
         FROM patient_identifiers holder
         JOIN patients p ON p.id = holder.patient_id ${CARE_LINKS_LATERAL}
        WHERE holder.assigner_hospital_id = $1 AND holder.value = ANY($2::text[])
        ORDER BY p.id
          FOR UPDATE OF p`,
      [assignerHospitalId, values],
    );
    return new Map(rows.map(({ identifier_value, ...row }) => [identifier_value, row]));
  }

  /** add for several patients in one statement. */
  async addMany(db: EntityManager, given: readonly { patientId: string; identifier: ExternalIdentifier }[]): Promise<void> {
    const rows = unnestRows(
      'i',
      [
        ['assigner_hospital_id', 'uuid', (row: (typeof given)[number]) => row.identifier.assignerHospitalId],
        ['value', 'text', (row) => row.identifier.value],
        ['patient_id', 'uuid', (row) => row.patientId],
      ],
      given,
    );
    await db.query(
      `INSERT INTO patient_identifiers (assigner_hospital_id, value, patient_id) SELECT * FROM ${rows.sql}`,
      rows.params,
    );
  }

  /** Gives the patient the identifier; a pair another patient holds violates PATIENT_IDENTIFIER_KEY. */
  async add(db: EntityManager, patientId: string, identifier: ExternalIdentifier): Promise<void> {
    await db.query(`INSERT INTO patient_identifiers (assigner_hospital_id, value, patient_id) VALUES ($1, $2, $3)`, [
      identifier.assignerHospitalId,
      identifier.value,
      patientId,
    ]);
  }

  /** Moves every identifier of one patient to another (a merge), in one statement; answers those moved, oldest first. */
  async moveAll(db: EntityManager, fromId: string, toId: string): Promise<ExternalIdentifier[]> {
    return db.query<ExternalIdentifier[]>(
      `WITH moved AS (
         UPDATE patient_identifiers SET patient_id = $2 WHERE patient_id = $1
         RETURNING assigner_hospital_id, value, created_at)
       SELECT assigner_hospital_id::text AS "assignerHospitalId", value FROM moved
        ORDER BY created_at, assigner_hospital_id, value`,
      [fromId, toId],
    );
  }
}
