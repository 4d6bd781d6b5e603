import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { INTAKE_CSV_FORMAT } from '../../src/modules/intake/domain/intake-csv.js';
import { checkIntakeHeader, checkIntakeRecord } from '../../src/modules/intake/domain/intake-record.js';
import { headerFields, recordOfRow } from '../../src/modules/intake/domain/intake-row.js';
import {
  changedLastName,
  expectedPatient,
  feedMrn,
  feedPerson,
  measuredFeedPatient,
  measuredFeedRecord,
  seedFeedRecord,
  writeFeedCsv,
} from './intake-feed.js';

const RECORDS = 400;
const TODAY = '2026-01-01';
const measured = Array.from({ length: RECORDS }, (_, i) => measuredFeedRecord(i + 1, RECORDS));
const seeded = Array.from({ length: RECORDS / 2 }, (_, i) => seedFeedRecord(i + 1));

describe('intake bench feeds', () => {
  it('make half the measured records new patients, a quarter updates and a quarter unchanged, in every group of four', () => {
    const kinds = measured.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'new')).toHaveLength(RECORDS / 2);
    expect(kinds.filter((k) => k === 'update')).toHaveLength(RECORDS / 4);
    expect(kinds.filter((k) => k === 'unchanged')).toHaveLength(RECORDS / 4);
    for (let group = 0; group < RECORDS; group += 4) {
      expect(kinds.slice(group, group + 4).sort()).toEqual(['new', 'new', 'unchanged', 'update']);
    }
  });

  it('name every patient once: the seeded ones by the updates and unchanged records, the rest by the new ones', () => {
    const named = Array.from({ length: RECORDS }, (_, i) => measuredFeedPatient(i + 1, RECORDS));
    expect(named.map((n) => n.patient).sort((a, b) => a - b)).toEqual(Array.from({ length: RECORDS }, (_, i) => i + 1));
    for (const { patient, kind } of named) {
      if (kind === 'new') expect(patient).toBeGreaterThan(RECORDS / 2);
      else if (kind === 'update') expect(patient).toBeLessThanOrEqual(RECORDS / 4);
      else expect(patient > RECORDS / 4 && patient <= RECORDS / 2).toBe(true);
    }
    expect(new Set(seeded.map((r) => r.mrn)).size).toBe(RECORDS / 2);
    expect(seeded.map((r) => r.mrn)).toEqual(Array.from({ length: RECORDS / 2 }, (_, i) => feedMrn(i + 1)));
  });

  it('send an update with the seeded first name and birth date and another last name, an unchanged record exactly as seeded', () => {
    for (const record of measured) {
      const n = Number(record.mrn.slice(3));
      if (record.kind === 'new') continue;
      const seed = seeded[n - 1];
      expect(record.mrn).toBe(seed.mrn);
      expect([record.first_name, record.birth_date]).toEqual([seed.first_name, seed.birth_date]);
      if (record.kind === 'update') {
        expect(record.last_name).not.toBe(seed.last_name);
        expect(record.last_name).toBe(changedLastName(seed.last_name));
      } else {
        expect(record.last_name).toBe(seed.last_name);
      }
      expect(expectedPatient(n, RECORDS)).toEqual({
        firstName: record.first_name,
        lastName: record.last_name,
        birthDate: record.birth_date,
      });
    }
    expect(expectedPatient(RECORDS, RECORDS)).toEqual(feedPerson(RECORDS));
  });

  it('give every record a new visit and pass the intake’s own record check', () => {
    const numbers = [...seeded, ...measured].map((r) => r.visit_account_number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const record of [...seeded, ...measured]) {
      const check = checkIntakeRecord({ ...record }, TODAY);
      expect(check).toMatchObject({ valid: true });
      // The EMR takes 4 to 40 characters starting with a letter or digit.
      expect(record.visit_account_number).toMatch(/^[A-Za-z0-9][A-Za-z0-9-]{3,39}$/);
      expect(record.birth_date < record.visit_date).toBe(true);
    }
  });

  it('refuse sizes that do not split into halves and quarters', () => {
    expect(() => measuredFeedPatient(1, 6)).toThrow(RangeError);
    expect(() => measuredFeedPatient(9, 8)).toThrow(RangeError);
    expect(() => expectedPatient(1, 10)).toThrow(RangeError);
  });

  it('write a CSV the intake reads back record for record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intake-feed-'));
    try {
      const file = join(dir, 'feed.csv');
      const bytes = await writeFeedCsv(file, RECORDS, (p) => measuredFeedRecord(p, RECORDS));
      const text = await readFile(file, 'utf8');
      expect(Buffer.byteLength(text)).toBe(bytes);
      const rowsRead: string[][] = parse(text, INTAKE_CSV_FORMAT);
      const [header, ...rows] = rowsRead;
      expect(checkIntakeHeader(header)).toBeNull();
      expect(rows).toHaveLength(RECORDS);
      rows.forEach((cells, i) => {
        const { kind, ...record } = measured[i];
        expect(kind).toBeDefined();
        expect(recordOfRow(headerFields(header), cells)).toEqual({ record });
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
