import { decryptField, type Keyring } from '@hms/crypto';
import { dateInTimeZone } from '@hms/ddd';
import type pg from 'pg';
import { decryptPersonalField } from '../../src/modules/patients/infrastructure/patient-encryption.js';
import { expectedPatient, feedMrn, measuredFeedPatient, measuredFeedRecord } from './intake-feed.js';

/** Identifiers (and the measured feed's visits) read per statement. */
const PAGE = 10_000;
/** At most this many problems are listed; the count says how many there were. */
const LISTED = 10;

export interface IntakeStateTarget {
  readonly hospitalId: string;
  readonly departmentId: string;
  /** The measured feed's size. */
  readonly records: number;
  readonly piiKeyring: Keyring;
  readonly timeZone: string;
}

export interface IntakeStateCheck {
  readonly problems: number;
  /** The first few, naming record numbers and columns only. */
  readonly listed: readonly string[];
}

/**
 * What a hospital must hold after the seed feed and the measured feed, read
 * back from the database (the pipeline's hospital and the raw baseline's
 * alike): patients 1 to `records` each under their sender's MRN, decrypting
 * to the expected names and birth date, at version 2 when the measured feed
 * changed them and 1 otherwise, linked to the hospital and the department;
 * records/2 seed visits and `records` measured ones, each a finished AMB
 * encounter of the record's patient, on its date in the hospital's zone,
 * its reason decrypting to the record's.
 */
export async function checkIntakeState(db: pg.Pool, target: IntakeStateTarget): Promise<IntakeStateCheck> {
  const { hospitalId, records, piiKeyring } = target;
  const listed: string[] = [];
  let problems = 0;
  const problem = (text: string) => {
    problems += 1;
    if (listed.length < LISTED) listed.push(text);
  };

  const {
    rows: [totals],
  } = await db.query<{ identifiers: number; encounters: number }>(
    `SELECT (SELECT count(*)::int FROM patient_identifiers WHERE assigner_hospital_id = $1) AS identifiers,
            (SELECT count(*)::int FROM encounters WHERE hospital_id = $1) AS encounters`,
    [hospitalId],
  );
  if (totals.identifiers !== records) problem(`${totals.identifiers} identifiers, expected ${records}`);
  if (totals.encounters !== records / 2 + records) problem(`${totals.encounters} encounters, expected ${records / 2 + records}`);

  for (let from = 1; from <= records; from += PAGE) {
    const numbers = Array.from({ length: Math.min(PAGE, records - from + 1) }, (_, i) => from + i);
    const { rows } = await db.query<{
      value: string;
      id: string;
      version: number;
      status: string;
      registering_hospital_id: string;
      first_name: string;
      last_name: string;
      date_of_birth: string;
      links: string[];
    }>(
      `SELECT i.value, p.id, p.version, p.status, p.registering_hospital_id, p.first_name, p.last_name, p.date_of_birth,
              ARRAY(SELECT l.kind || ':' || l.ref_id FROM patient_care_links l WHERE l.patient_id = p.id) AS links
         FROM patient_identifiers i JOIN patients p ON p.id = i.patient_id
        WHERE i.assigner_hospital_id = $1 AND i.value = ANY($2::text[])`,
      [hospitalId, numbers.map(feedMrn)],
    );
    const byMrn = new Map(rows.map((r) => [r.value, r]));
    for (const n of numbers) {
      const row = byMrn.get(feedMrn(n));
      if (!row) {
        problem(`patient ${n}: no identifier`);
        continue;
      }
      const expected = expectedPatient(n, records);
      const got = {
        firstName: decryptPersonalField(piiKeyring, row.id, 'firstName', row.first_name),
        lastName: decryptPersonalField(piiKeyring, row.id, 'lastName', row.last_name),
        birthDate: decryptPersonalField(piiKeyring, row.id, 'dateOfBirth', row.date_of_birth),
      };
      for (const field of ['firstName', 'lastName', 'birthDate'] as const) {
        if (got[field] !== expected[field]) problem(`patient ${n}: ${field} is not the feed's`);
      }
      const version = n <= records / 4 ? 2 : 1;
      if (row.version !== version) problem(`patient ${n}: version ${row.version}, expected ${version}`);
      if (row.status !== 'active' || row.registering_hospital_id !== hospitalId) problem(`patient ${n}: status or hospital`);
      for (const link of [`hospital:${hospitalId}`, `department:${target.departmentId}`]) {
        if (!row.links.includes(link)) problem(`patient ${n}: no ${link.split(':')[0]} care link`);
      }
    }
  }

  for (let from = 1; from <= records; from += PAGE) {
    const positions = Array.from({ length: Math.min(PAGE, records - from + 1) }, (_, i) => from + i);
    const { rows } = await db.query<{
      account_number: string;
      id: string;
      class: string;
      status: string;
      version: number;
      department_id: string;
      reason_text: string;
      period_start: Date | null;
      period_end: Date | null;
      mrn: string | null;
    }>(
      `SELECT e.account_number, e.id, e.class, e.status, e.version, e.department_id, e.reason_text, e.period_start,
              e.period_end,
              (SELECT i.value FROM patient_identifiers i WHERE i.patient_id = e.patient_id AND i.assigner_hospital_id = $1) AS mrn
         FROM encounters e
        WHERE e.hospital_id = $1 AND e.account_number = ANY($2::text[])`,
      [hospitalId, positions.map((p) => measuredFeedRecord(p, records).visit_account_number)],
    );
    const byNumber = new Map(rows.map((r) => [r.account_number, r]));
    for (const position of positions) {
      const record = measuredFeedRecord(position, records);
      const row = byNumber.get(record.visit_account_number);
      if (!row) {
        problem(`record ${position}: no visit`);
        continue;
      }
      if (row.mrn !== feedMrn(measuredFeedPatient(position, records).patient))
        problem(`record ${position}: visit of another patient`);
      if (row.class !== 'AMB' || row.status !== 'finished' || row.version !== 2)
        problem(`record ${position}: visit class, status or version`);
      if (row.department_id !== target.departmentId) problem(`record ${position}: visit department`);
      const day = row.period_start && dateInTimeZone(row.period_start, target.timeZone);
      if (day !== record.visit_date || row.period_end?.getTime() !== row.period_start?.getTime()) {
        problem(`record ${position}: visit period`);
      }
      const reason = decryptField(piiKeyring, row.reason_text, { table: 'encounters', column: 'reason_text', rowId: row.id });
      if (reason !== record.reason) problem(`record ${position}: visit reason`);
    }
  }
  return { problems, listed };
}
