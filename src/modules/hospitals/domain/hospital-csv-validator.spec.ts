import { describe, expect, it } from '@jest/globals';
import { MAX_REPORTED_PROBLEMS, validateHospitalCsv } from './hospital-csv-validator.js';

const limits = { maxRows: 20 };
const utf8 = (text: string) => new TextEncoder().encode(text);
const validate = (text: string, max = limits) => validateHospitalCsv(utf8(text), max);
const fileProblem = (message: string | RegExp) => ({
  valid: false,
  problemCount: 1,
  problems: [{ row: null, column: null, message: typeof message === 'string' ? message : expect.stringMatching(message) }],
});

describe('validateHospitalCsv', () => {
  it('accepts a valid file and counts its data rows', () => {
    expect(
      validate('name,address,phone\nRiverside General Hospital,12 Harbour Road,+1 555 010 4477\nHillcrest Clinic,3 Elm Way,\n'),
    ).toEqual({
      valid: true,
      totalRows: 2,
    });
  });

  it('takes header names trimmed and in any case and order, phone optional', () => {
    expect(validate(' ADDRESS , Name \n3 Elm Way,Hillcrest Clinic')).toEqual({ valid: true, totalRows: 1 });
  });

  it('accepts UTF-8 with or without a byte order mark, and CRLF line ends', () => {
    expect(validate('\uFEFFname,address\r\nCentro de Saúde Sé,Rua Nova 1\r\n')).toEqual({ valid: true, totalRows: 1 });
    expect(validate('name,address\r\nKlinikum Süd,Hauptstraße 5\r\n')).toEqual({ valid: true, totalRows: 1 });
  });

  it('reads RFC 4180 quoting: commas, doubled quotes and line breaks inside quoted cells', () => {
    const text =
      'name,address\n"Harbour ""North"" Clinic","12 Harbour Road, Unit 4\nPort Example"\n"Lakeside, East Wing","7 Shore Drive"\n';
    expect(validate(text)).toEqual({ valid: true, totalRows: 2 });
  });

  it('skips blank lines, which do not count as rows', () => {
    expect(validate('name,address\n\nHillcrest Clinic,3 Elm Way\n   \n,\nLakeside Clinic,7 Shore Drive\n\n')).toEqual({
      valid: true,
      totalRows: 2,
    });
  });

  it('refuses an empty file, a blank one and a header without rows', () => {
    expect(validateHospitalCsv(new Uint8Array(), limits)).toEqual(fileProblem('The file is empty'));
    expect(validate('\uFEFF \n\n')).toEqual(fileProblem('The file is empty'));
    expect(validate('name,address,phone\n')).toEqual(fileProblem('The file has a header but no data rows'));
    expect(validate('name,address\n\n,\n')).toEqual(fileProblem('The file has a header but no data rows'));
  });

  it('refuses a file that is not UTF-8 or holds NUL bytes', () => {
    const latin1 = Uint8Array.from([...utf8('name,address\nCaf'), 0xe9, ...utf8(',Rua 1\n')]);
    expect(validateHospitalCsv(latin1, limits)).toEqual(fileProblem(/^The file is not UTF-8 text/));
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'name,address'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(validateHospitalCsv(utf16, limits)).not.toHaveProperty('valid', true);
    expect(validate('name,address\nHillcrest\u0000Clinic,3 Elm Way\n')).toEqual(
      fileProblem('The file holds binary data (NUL bytes), not CSV text'),
    );
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(validateHospitalCsv(png, limits)).toEqual(fileProblem(/^The file is not UTF-8 text/));
  });

  it('refuses a missing header, a wrong field name, an extra column and a missing required column', () => {
    const missing = validate('Riverside General Hospital,12 Harbour Road\nHillcrest Clinic,3 Elm Way\n');
    expect(!missing.valid && missing.problems[0]).toEqual({
      row: 0,
      column: null,
      message: 'The first line must be the header naming the columns: name, address and, optionally, phone',
    });
    expect(JSON.stringify(missing)).not.toContain('Riverside');
    expect(validate('name,adress\nHillcrest Clinic,3 Elm Way\n')).toEqual({
      valid: false,
      problemCount: 2,
      problems: [
        { row: 0, column: null, message: 'Column 2 of the header is not one of name, address, phone' },
        { row: 0, column: 'address', message: 'The header lacks the required column address' },
      ],
    });
    expect(validate('name,address,beds\nHillcrest Clinic,3 Elm Way,40\n')).toMatchObject({
      valid: false,
      problems: [{ row: 0, column: null, message: 'Column 3 of the header is not one of name, address, phone' }],
    });
    expect(validate('name,phone\nHillcrest Clinic,5550104477\n')).toMatchObject({
      valid: false,
      problems: [{ row: 0, column: 'address', message: 'The header lacks the required column address' }],
    });
  });

  it('reports every row problem with its row and column', () => {
    const text = [
      'name,address,phone',
      ',3 Elm Way,',
      `${'x'.repeat(201)},7 Shore Drive,`,
      'Lakeside Clinic,,not a phone',
      'Hillcrest Clinic,3 Elm Way,123',
      'Only Two,Cells',
      'Too,Many,5550104477,Cells',
      'Valley Clinic,9 Mill Road,(555) 010-4477',
    ].join('\n');
    expect(validate(text)).toEqual({
      valid: false,
      problemCount: 7,
      problems: [
        { row: 1, column: 'name', message: 'name is required' },
        { row: 2, column: 'name', message: 'name must be at most 200 characters' },
        { row: 3, column: 'address', message: 'address is required' },
        { row: 3, column: 'phone', message: expect.stringMatching(/^phone must hold 7 to 20 digits/) },
        { row: 4, column: 'phone', message: expect.stringMatching(/^phone must hold 7 to 20 digits/) },
        { row: 6, column: null, message: 'The row has 4 cells where the header has 3' },
        { row: 5, column: null, message: 'The row has 2 cells where the header has 3' },
      ].sort((a, b) => a.row - b.row),
    });
  });

  it('refuses a row repeating the name and address of an earlier one, trimmed and whatever the case', () => {
    const text = 'name,address\nHillcrest Clinic,3 Elm Way\nLakeside Clinic,7 Shore Drive\n  HILLCREST clinic , 3 elm way \n';
    expect(validate(text)).toEqual({
      valid: false,
      problemCount: 1,
      problems: [{ row: 3, column: null, message: 'The row repeats the name and address of row 1' }],
    });
    // Same name, another address: another hospital.
    expect(validate('name,address\nHillcrest Clinic,3 Elm Way\nHillcrest Clinic,5 Elm Way\n')).toEqual({
      valid: true,
      totalRows: 2,
    });
  });

  it('refuses more rows than the limit, and takes exactly the limit', () => {
    const rows = (n: number) =>
      ['name,address', ...Array.from({ length: n }, (_, i) => `Clinic ${i + 1},${i + 1} Main Street`)].join('\n');
    expect(validate(rows(20))).toEqual({ valid: true, totalRows: 20 });
    expect(validate(rows(21))).toEqual(fileProblem(/^The file has more than 20 data rows/));
    expect(validate(rows(5000), { maxRows: 5000 })).toEqual({ valid: true, totalRows: 5000 });
  });

  it('reports broken quoting at the row where it happens, without quoting the file', () => {
    const unclosed = validate('name,address\nHillcrest Clinic,3 Elm Way\n"Lakeside Clinic,7 Shore Drive\n');
    expect(unclosed).toEqual({
      valid: false,
      problemCount: 1,
      problems: [{ row: 2, column: null, message: 'A quoted cell is never closed: a quote is missing' }],
    });
    const stray = validate('name,address\nHillcrest "North" Clinic,3 Elm Way\n');
    expect(stray).toMatchObject({ valid: false, problems: [{ row: 1, column: null }] });
    expect(JSON.stringify(stray)).not.toContain('North');
    expect(validate('"name,address\n')).toMatchObject({ valid: false, problems: [{ row: 0 }] });
  });

  it('lists at most a thousand problems but counts them all', () => {
    const text = ['name,address', ...Array.from({ length: 1500 }, (_, i) => `,${i} Main Street`)].join('\n');
    const result = validate(text, { maxRows: 2000 });
    expect(result).toMatchObject({ valid: false, problemCount: 1500 });
    expect(!result.valid && result.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
  });
});
