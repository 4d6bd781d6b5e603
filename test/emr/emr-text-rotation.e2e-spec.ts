import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { decryptField, encryptField, type Keyring } from '@hms/crypto';
import { systemActor } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { StartPiiRotation } from '../../src/modules/patients/application/commands/start-pii-rotation.command.js';
import { FindPiiRotations } from '../../src/modules/patients/application/queries/find-pii-rotations.query.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api } from '../patients/support/patients-api.js';
import { keyringEnv, newKey, ringOf } from '../patients/support/rotation-patients.js';
import { givenEncounter, givenPatient, givenWard } from './support/emr-api.js';
import { eventsAndAuditText, givenNote, givenSignedNote } from './support/note-api.js';

const k1 = newKey('k1');
const k2 = newKey('k2');
const k3 = newKey('k3');
/** The configured ring: k2 first (active), k1 still read. */
const RING = ringOf(k2, k1);
/** What older processes wrote with. */
const OLD_RING = ringOf(k1);
/** After the rotation, k2 alone must read everything. */
const NEW_ONLY = ringOf(k2);

const TABLES = {
  encounters: ['reason_text', 'status_reason'],
  clinical_notes: ['text', 'late_entry_reason', 'amendment_reason'],
  vital_sets: ['late_entry_reason'],
  vital_observations: ['status_reason'],
  allergy_intolerances: ['substance_text', 'reactions_text'],
  conditions: ['note', 'late_entry_reason'],
} as const;
type Table = keyof typeof TABLES;

interface TextRow {
  id: string;
  pii_key_id: string | null;
  version: number;
  updated_at: Date;
  [column: string]: unknown;
}

/**
 * `pii:rotate` re-encrypts the EMR's free texts (encounters' and notes'
 * reasons and texts) with the patients' data: the rows written under an old
 * key end under the active one, readable by it alone, their versions
 * untouched, and no text in a log line or an event.
 */
describe('PII key rotation of EMR texts', () => {
  let t: TestApp;
  let asDoctor: Api;
  const plaintexts = new Map<string, string>();

  const rowsOf = (table: Table) =>
    t.db.query<TextRow>(`SELECT id, pii_key_id, version, updated_at, ${TABLES[table].join(', ')} FROM ${table} ORDER BY id`);
  const decryptRow = (ring: Keyring, table: Table, row: TextRow) =>
    Object.fromEntries(
      TABLES[table].map((column) => {
        const stored = row[column] as string | null;
        return [column, stored === null ? null : decryptField(ring, stored, { table, column, rowId: row.id })];
      }),
    );

  /** Rewrites every text row under k1 alone, as processes that knew only k1 would have written it. */
  const writtenUnderOldKey = async (table: Table) => {
    for (const row of await rowsOf(table)) {
      if (row.pii_key_id === null) continue;
      const texts = decryptRow(RING, table, row);
      const sets = TABLES[table].map((column, i) => `${column} = $${i + 2}`);
      await t.db.query(`UPDATE ${table} SET ${sets.join(', ')}, pii_key_id = 'k1' WHERE id = $1`, [
        row.id,
        ...TABLES[table].map((column) => {
          const text = texts[column];
          return text === null ? null : encryptField(OLD_RING, text, { table, column, rowId: row.id });
        }),
      ]);
    }
  };

  const rotate = async () => {
    const { rotationId } = await t.app.get(CommandBus).execute(new StartPiiRotation('encryption', systemActor('test-operator')));
    return waitFor(
      async () => {
        const [row] = await t.db.query<{ status: string; rows_rewritten: number; error: string | null }>(
          `SELECT status, rows_rewritten::int AS rows_rewritten, error FROM pii_rotations WHERE id = $1`,
          [rotationId],
        );
        return row.status === 'RUNNING' ? undefined : row;
      },
      'the rotation to finish',
      { timeoutMs: 25_000, intervalMs: 50 },
    );
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_MAX: '100000',
        PII_ENCRYPTION_KEYS: keyringEnv(k2, k1),
        PII_ROTATION_BATCH_SIZE: '2',
        LOG_LEVEL: 'info',
      },
    });
    const ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    const patientId = await givenPatient(t, ward);
    const visit = await givenEncounter(asDoctor, patientId, { status: 'in-progress', reasonText: 'Pellucid chest ache' });
    await givenEncounter(asDoctor, patientId); // no texts: no key to rotate
    const cancelled = await givenEncounter(asDoctor, patientId, { reasonText: 'Pellucid follow-up' });
    await asDoctor.post(`/encounters/${cancelled.id}/cancel`).send({ reason: 'Pellucid patient moved away' });
    for (let i = 0; i < 3; i += 1) {
      const note = await givenNote(asDoctor, visit.id, { text: `Pellucid draft ${i}` });
      plaintexts.set(note.id, `Pellucid draft ${i}`);
    }
    const signed = await givenSignedNote(asDoctor, visit.id, { text: 'Pellucid signed' });
    plaintexts.set(signed.id, 'Pellucid signed');
    const amendment = await asDoctor
      .post(`/notes/${signed.id}/amendments`)
      .send({ text: 'Pellucid amended', reason: 'Pellucid wrong side' });
    plaintexts.set(amendment.body.id as string, 'Pellucid amended');
    const vitals = await asDoctor.post(`/encounters/${visit.id}/vitals`).send({
      observations: [
        { code: '8867-4', value: 72, unit: '/min' },
        { code: '29463-7', value: 70, unit: 'kg' },
      ],
    });
    expect(vitals.status).toBe(201);
    const pulse = (vitals.body.observations as { id: string; code: string }[]).find((o) => o.code === '8867-4')!;
    const marked = await asDoctor
      .post(`/vitals/${pulse.id}/entered-in-error`)
      .set('If-Match', '"1"')
      .send({ reason: 'Pellucid wrong patient' });
    expect(marked.status).toBe(200);
    const allergy = await asDoctor.post(`/patients/${patientId}/allergies`).send({
      substance: 'Pellucid penicillin',
      type: 'allergy',
      category: ['medication'],
      criticality: 'high',
      reactions: [{ manifestation: 'Pellucid hives', severity: 'moderate' }],
    });
    expect(allergy.status).toBe(201);
    const diagnosis = await asDoctor.post(`/encounters/${visit.id}/diagnoses`).send({
      code: 'I21.4',
      display: 'Acute subendocardial infarction',
      verificationStatus: 'confirmed',
      note: 'Pellucid troponin rise',
    });
    expect(diagnosis.status).toBe(201);
    await asDoctor.post(`/encounters/${visit.id}/finish`).send({});
    const lateDiagnosis = await asDoctor.post(`/encounters/${visit.id}/diagnoses`).send({
      code: 'E11.9',
      display: 'Type 2 diabetes mellitus',
      verificationStatus: 'confirmed',
      lateEntryReason: 'Pellucid lab came back',
    });
    expect(lateDiagnosis.status).toBe(201);
    const late = await givenNote(asDoctor, visit.id, { text: 'Pellucid late', lateEntryReason: 'Pellucid found later' });
    plaintexts.set(late.id, 'Pellucid late');
    const lateVitals = await asDoctor
      .post(`/encounters/${visit.id}/vitals`)
      .send({ observations: [{ code: '8310-5', value: 37.2, unit: 'Cel' }], lateEntryReason: 'Pellucid paper chart' });
    expect(lateVitals.status).toBe(201);
  });
  afterAll(() => t?.close());

  it('re-encrypts every EMR text under the active key, leaving versions and plaintexts as they were', async () => {
    const tables = Object.keys(TABLES) as Table[];
    for (const table of tables) await writtenUnderOldKey(table);
    const before = Object.fromEntries(
      await Promise.all(tables.map(async (table) => [table, await rowsOf(table)] as const)),
    ) as Record<Table, TextRow[]>;
    const expected = Object.fromEntries(
      (Object.keys(TABLES) as Table[]).map((table) => [
        table,
        before[table].map((row) => ({ id: row.id, texts: row.pii_key_id === null ? null : decryptRow(OLD_RING, table, row) })),
      ]),
    );
    const underK1 = tables.reduce((n, table) => n + before[table].filter((r) => r.pii_key_id === 'k1').length, 0);
    expect(before.clinical_notes.every((r) => r.pii_key_id === 'k1')).toBe(true);
    // Two encounters, six notes, the late set, the observation marked in error, the allergy, two diagnoses.
    expect(underK1).toBe(2 + 6 + 1 + 1 + 1 + 2);

    const rotation = await rotate();
    expect(rotation).toMatchObject({ status: 'COMPLETED', error: null });
    expect(rotation.rows_rewritten).toBe(underK1);

    for (const table of Object.keys(TABLES) as Table[]) {
      const after = await rowsOf(table);
      expect(after.map((row) => [row.id, row.version, row.updated_at.toISOString()])).toEqual(
        before[table].map((row) => [row.id, row.version, row.updated_at.toISOString()]),
      );
      for (const row of after) {
        const wanted = expected[table].find((e) => e.id === row.id)!.texts;
        if (wanted === null) {
          expect(row.pii_key_id).toBeNull();
          continue;
        }
        expect(row.pii_key_id).toBe('k2');
        for (const column of TABLES[table]) {
          const stored = row[column] as string | null;
          if (stored !== null) expect(stored.split('.')[1]).toBe('k2');
        }
        expect(decryptRow(NEW_ONLY, table, row)).toEqual(wanted);
      }
    }
    for (const [id, text] of plaintexts) expect((await asDoctor.get(`/notes/${id}`)).body.text).toBe(text);

    // What operators read before removing k1 (pii:rotate --status) counts the EMR's rows too.
    const remaining = async () => (await t.app.get(QueryBus).execute(new FindPiiRotations()))[0].remainingRows;
    expect(await remaining()).toBe(0);
    await writtenUnderOldKey('encounters');
    expect(await remaining()).toBe(2);
    expect((await rotate()).status).toBe('COMPLETED');
    expect(await remaining()).toBe(0);
    expect(t.logs.text()).toContain('pii rotation batch rewritten');
    expect(t.logs.text()).not.toContain('Pellucid');
    expect(await eventsAndAuditText(t)).not.toContain('Pellucid');
  });

  it('stops at a note text no key of the ring reads, naming the table, row and column only', async () => {
    const [victim] = await rowsOf('clinical_notes');
    const unreadable = encryptField(ringOf(k3), 'Pellucid lost', { table: 'clinical_notes', column: 'text', rowId: victim.id });
    await t.db.query(`UPDATE clinical_notes SET text = $2, pii_key_id = 'k3' WHERE id = $1`, [victim.id, unreadable]);
    const rotation = await rotate();
    expect(rotation.status).toBe('FAILED');
    expect(rotation.error).toContain(`clinical_notes ${victim.id}: text could not be decrypted`);
    expect(rotation.error).not.toContain('Pellucid');
    expect(t.logs.text()).not.toContain('Pellucid');
  });
});
