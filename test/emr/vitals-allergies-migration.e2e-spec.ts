import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { CreateEmrVitalsAndAllergies1796640000000 } from '../../migrations/1796640000000-CreateEmrVitalsAndAllergies.js';
import { SummariseVitalSets1796650000000 } from '../../migrations/1796650000000-SummariseVitalSets.js';
import { TestDatabase } from '../support/test-database.js';

const TABLES = ['vital_sets', 'vital_observations', 'allergy_intolerances', 'allergy_assertions'];

describe('the CreateEmrVitalsAndAllergies migration', () => {
  let db: TestDatabase;
  const migration = new CreateEmrVitalsAndAllergies1796640000000();
  let runner: QueryRunner;
  const tables = async () =>
    (
      await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_name = ANY($1::text[]) ORDER BY table_name`,
        [TABLES],
      )
    ).map((r) => r.table_name);

  beforeAll(async () => {
    db = await TestDatabase.create();
    runner = { query: (sql: string, params?: unknown[]) => db.query(sql, params) } as unknown as QueryRunner;
  });
  afterAll(() => db.drop());

  it('reverts to the schema before it and applies again', async () => {
    expect(await tables()).toEqual([...TABLES].sort());
    // The migration after it first, as a revert runs them.
    await new SummariseVitalSets1796650000000().down(runner);
    await migration.down(runner);
    expect(await tables()).toEqual([]);
    const [fn] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'allergy_assertions_track'`,
    );
    expect(fn.n).toBe(0);
    await migration.up(runner);
    expect(await tables()).toEqual([...TABLES].sort());
  });
});
