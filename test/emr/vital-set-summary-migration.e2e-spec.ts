import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { SummariseVitalSets1796650000000 } from '../../migrations/1796650000000-SummariseVitalSets.js';
import { TestDatabase } from '../support/test-database.js';

interface SetSummary {
  status: string;
  observations: { id: string; code: string; value: number; status: string; interpretation: string | null }[];
}

/**
 * Each set of vitals keeps its observations' summary and status on its own
 * row (ADR 36): filled for the sets recorded before, and kept by a trigger
 * whatever writes the observations, here plain SQL outside the application.
 */
describe('the SummariseVitalSets migration', () => {
  let db: TestDatabase;
  let runner: QueryRunner;
  const migration = new SummariseVitalSets1796650000000();
  const scope = { patient: randomUUID(), hospital: randomUUID(), department: randomUUID(), user: randomUUID() };

  beforeAll(async () => {
    db = await TestDatabase.create();
    runner = { query: (sql: string, params?: unknown[]) => db.query(sql, params) } as unknown as QueryRunner;
  });
  afterAll(() => db.drop());

  const givenSet = async (observations: [code: string, value: number, unit: string][]) => {
    const encounter = randomUUID();
    const set = randomUUID();
    await db.query(
      `INSERT INTO encounters (id, patient_id, hospital_id, department_id, class, status, period_start, account_number)
       VALUES ($1, $2, $3, $4, 'AMB', 'in-progress', now(), $5)`,
      [encounter, scope.patient, scope.hospital, scope.department, `V${encounter.slice(0, 8).toUpperCase()}`],
    );
    await db.query(
      `INSERT INTO vital_sets (id, encounter_id, patient_id, hospital_id, department_id, responsible_user_ids, recorded_by,
                               effective_at, late_entry)
       VALUES ($1, $2, $3, $4, $5, ARRAY[$6]::uuid[], $6, now(), false)`,
      [set, encounter, scope.patient, scope.hospital, scope.department, scope.user],
    );
    // One statement for the set's observations, as the application writes them.
    await db.query(
      `INSERT INTO vital_observations (id, set_id, encounter_id, patient_id, hospital_id, department_id, responsible_user_ids,
                                       recorded_by, code, value, unit, interpretation, effective_at, late_entry)
       SELECT gen_random_uuid(), s.id, s.encounter_id, s.patient_id, s.hospital_id, s.department_id, s.responsible_user_ids,
              s.recorded_by, x.code, x.value, x.unit, 'N', s.effective_at, false
         FROM vital_sets s, unnest($2::text[], $3::numeric[], $4::text[]) AS x (code, value, unit)
        WHERE s.id = $1`,
      [set, observations.map((o) => o[0]), observations.map((o) => o[1]), observations.map((o) => o[2])],
    );
    return set;
  };
  // A ciphertext's shape (the domain checks it); the summary never carries it.
  const markedInError = `status = 'entered-in-error', status_reason = 'v1.k1.aXY.Y2lwaGVy', pii_key_id = 'k1'`;
  const summaryOf = async (set: string) =>
    (await db.query<SetSummary>('SELECT status, observations FROM vital_sets WHERE id = $1', [set]))[0];

  it('fills the summary of the sets recorded before it, and reverts', async () => {
    await migration.down(runner);
    const set = await givenSet([
      ['8867-4', 72, '/min'],
      ['8310-5', 36.9, 'Cel'],
    ]);
    await migration.up(runner);
    const summary = await summaryOf(set);
    expect(summary.status).toBe('final');
    expect(summary.observations.map((o) => [o.code, o.value, o.status])).toEqual([
      ['8310-5', 36.9, 'final'],
      ['8867-4', 72, 'final'],
    ]);
  });

  it('keeps each set’s summary and status as its observations are written, by whatever writes them', async () => {
    const set = await givenSet([
      ['8480-6', 120, 'mm[Hg]'],
      ['8462-4', 80, 'mm[Hg]'],
    ]);
    const other = await givenSet([['8867-4', 64, '/min']]);
    expect((await summaryOf(set)).observations.map((o) => o.code)).toEqual(['8462-4', '8480-6']);

    await db.query(`UPDATE vital_observations SET ${markedInError} WHERE set_id = $1 AND code = '8480-6'`, [set]);
    let summary = await summaryOf(set);
    expect(summary.status).toBe('final');
    expect(summary.observations.map((o) => [o.code, o.status])).toEqual([
      ['8462-4', 'final'],
      ['8480-6', 'entered-in-error'],
    ]);
    // Once every observation is entered in error, so is the set; the other set is untouched.
    await db.query(`UPDATE vital_observations SET ${markedInError} WHERE set_id = $1`, [set]);
    summary = await summaryOf(set);
    expect(summary.status).toBe('entered-in-error');
    expect(summary.observations.every((o) => o.status === 'entered-in-error')).toBe(true);
    expect(JSON.stringify(summary)).not.toContain('Y2lwaGVy');
    expect(await summaryOf(other)).toMatchObject({ status: 'final', observations: [{ code: '8867-4', value: 64 }] });
  });
});
