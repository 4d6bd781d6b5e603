import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@hms/testing';
import { TestDatabase } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The name the migration's audit_create_partition gives the month `monthsAhead` from now (UTC). */
function partitionName(monthsAhead: number): string {
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead, 1));
  return `audit_events_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe('audit partitions', () => {
  let db: TestDatabase;
  let t: TestApp | undefined;

  beforeAll(async () => {
    db = await TestDatabase.create();
    // As if the migration had run three months ago: the last month ahead does not exist yet.
    await db.query(`DROP TABLE ${partitionName(3)}`);
  });
  afterAll(async () => {
    await t?.close();
    await db.drop();
  });

  const exists = async (name: string) =>
    (await db.query<{ r: string | null }>(`SELECT to_regclass($1)::text AS r`, [name]))[0].r !== null;

  it('are created ahead by the worker at start, with the append-only trigger', async () => {
    expect(await exists(partitionName(3))).toBe(false);
    t = await startTestApp({ db });
    await waitFor(() => exists(partitionName(3)), 'the worker to create the partition three months ahead');
    const triggers = await db.query<{ tgname: string }>(`SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass`, [
      partitionName(3),
    ]);
    expect(triggers.map((r) => r.tgname)).toContain('audit_events_no_truncate');
  });
});
