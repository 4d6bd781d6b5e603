import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { decryptField, keyringOf } from '@hms/crypto';
import { TIMELINE_KINDS } from '../../src/modules/emr/domain/timeline-kind.js';
import { BMI_CODE, checkVitalSet, VITAL_SIGNS } from '../../src/modules/emr/domain/vital-signs.js';
import { randomSource } from './synthetic-patients.js';
import { TIMELINE_ENTRIES_PER_PATIENT, TIMELINE_SEEDS, type TimelineSeedTarget, typicalVitalSet } from './timeline-seed.js';

const target: TimelineSeedTarget = {
  patientIds: [randomUUID(), randomUUID()],
  hospitalId: randomUUID(),
  departmentId: randomUUID(),
  doctorId: randomUUID(),
  piiKeyring: keyringOf([{ id: 'bench1', secret: randomBytes(32) }]),
};

describe('timeline seed', () => {
  it('seeds every kind of the timeline, 200 entries per patient in all', () => {
    expect(Object.keys(TIMELINE_SEEDS).sort()).toEqual([...TIMELINE_KINDS].sort());
    expect(TIMELINE_ENTRIES_PER_PATIENT).toBe(200);
  });

  it('makes vital sets the domain accepts as they are, with the interpretations and BMI it would store', () => {
    const random = randomSource(1);
    for (let i = 0; i < 500; i++) {
      const set = typicalVitalSet(random);
      expect(set.map((o) => o.code).sort()).toEqual(Object.keys(VITAL_SIGNS).sort());
      const checked = checkVitalSet(set.filter((o) => !o.derived));
      expect(checked.errors).toEqual([]);
      expect(checked.observations).toEqual(set);
      expect(set.filter((o) => o.derived).map((o) => o.code)).toEqual([BMI_CODE]);
    }
  });

  it('encrypts each note text and allergy substance for its own row, so the server reads it', () => {
    const [notes] = TIMELINE_SEEDS.note.statements(target, TIMELINE_SEEDS.note.perPatient);
    const [, patients, , ids, texts] = notes.params as [unknown, string[], number[], string[], string[]];
    expect(patients).toHaveLength(target.patientIds.length * TIMELINE_SEEDS.note.perPatient);
    expect(new Set(ids).size).toBe(ids.length);
    const read = (i: number) =>
      decryptField(target.piiKeyring, texts[i], { table: 'clinical_notes', column: 'text', rowId: ids[i] });
    expect(read(0)).toMatch(/^Seeded progress note/);
    // Bound to its row: another row's id does not open it.
    expect(() => decryptField(target.piiKeyring, texts[0], { table: 'clinical_notes', column: 'text', rowId: ids[1] })).toThrow();

    const [allergies] = TIMELINE_SEEDS.allergy.statements(target, TIMELINE_SEEDS.allergy.perPatient);
    const [, , , allergyIds, substances, reactions, , , , severities] = allergies.params as [
      unknown,
      unknown,
      unknown,
      string[],
      string[],
      string[],
      unknown,
      unknown,
      unknown,
      string[],
    ];
    const substance = decryptField(target.piiKeyring, substances[0], {
      table: 'allergy_intolerances',
      column: 'substance_text',
      rowId: allergyIds[0],
    });
    expect(substance).toBe('Penicillin');
    // The reactions as the server's AllergyViews reads them: a JSON array of manifestations, one per severity (one here).
    const manifestations: unknown = JSON.parse(
      decryptField(target.piiKeyring, reactions[0], {
        table: 'allergy_intolerances',
        column: 'reactions_text',
        rowId: allergyIds[0],
      }),
    );
    expect(manifestations).toEqual(['Rash and itching']);
    expect(severities[0]).toBe('severe');
  });

  it('puts at most one entry of a kind on an encounter, and none on the void ones', () => {
    for (const kind of ['note', 'diagnosis', 'problem', 'vitals', 'allergy'] as const) {
      const [first] = TIMELINE_SEEDS[kind].statements(target, TIMELINE_SEEDS[kind].perPatient);
      const [, patients, ordinals] = first.params as [unknown, string[], number[]];
      const pairs = patients.map((p, i) => `${p}|${ordinals[i]}`);
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(ordinals.filter((n) => [17, 29, 41].includes(n))).toEqual([]);
      expect(ordinals).toContain(1);
    }
  });
});
