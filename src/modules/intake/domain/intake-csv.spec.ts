import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { INTAKE_CSV_HEADER, intakeCsvLine, storedCell } from './intake-csv.js';
import { intakeFileName } from './intake-file-name.js';

describe('stored intake files', () => {
  it('quotes only what needs it and keeps formula-like text verbatim', () => {
    expect(storedCell('MRN-1')).toBe('MRN-1');
    expect(storedCell('=1+2')).toBe('=1+2');
    expect(storedCell('a,b')).toBe('"a,b"');
    expect(storedCell('say "hi"')).toBe('"say ""hi"""');
    expect(storedCell('two\nlines')).toBe('"two\nlines"');
    expect(storedCell(' padded')).toBe('" padded"');
  });

  it('writes lines a CSV reader reads back exactly, missing fields empty', () => {
    const record = {
      mrn: 'MRN-1001',
      first_name: 'Ana, Maria',
      last_name: '@Lee',
      birth_date: '1980-02-29',
      visit_account_number: 'V-1',
      visit_date: '2026-01-02',
      reason: 'cough\r\n"worse" at night',
    };
    const text = INTAKE_CSV_HEADER + intakeCsvLine(record) + intakeCsvLine({ mrn: 'MRN-2', reason: null });
    const rows = parse<Record<string, string>>(text, { columns: true });
    expect(rows[0]).toEqual(record);
    expect(rows[1]).toEqual({
      mrn: 'MRN-2',
      first_name: '',
      last_name: '',
      birth_date: '',
      visit_account_number: '',
      visit_date: '',
      reason: '',
    });
  });

  it('names the file by its UTC arrival to the second and its batch', () => {
    expect(intakeFileName(new Date('2026-12-07T14:15:03.456Z'), '0193b1c2-aaaa-7bbb-8ccc-123456789abc')).toBe(
      'patient_intake_20261207T141503Z_0193b1c2-aaaa-7bbb-8ccc-123456789abc.csv',
    );
  });
});
