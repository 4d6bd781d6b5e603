import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { MAX_REPORTED_PROBLEMS, validateHospitalCsv } from './hospital-csv-validator.js';
import { KeyHashSet } from './key-hash-set.js';

const limits = { maxRows: 20 };
const utf8 = (text: string) => new TextEncoder().encode(text);
/** The file as a reader of chunks of `chunkBytes` (a stream's chunks cut anywhere, inside a character too). */
const readerOf =
  (bytes: Uint8Array, chunkBytes = 64 * 1024) =>
  () => {
    const chunks: Uint8Array[] = [];
    for (let start = 0; start < bytes.length; start += chunkBytes) chunks.push(bytes.subarray(start, start + chunkBytes));
    return Readable.from(chunks, { objectMode: false });
  };
const validateBytes = (bytes: Uint8Array, max = limits, chunkBytes?: number) =>
  validateHospitalCsv(readerOf(bytes, chunkBytes), max);
const validate = (text: string, max = limits) => validateBytes(utf8(text), max);
const fileProblem = (message: string | RegExp) => ({
  valid: false,
  problemCount: 1,
  problems: [{ row: null, column: null, message: typeof message === 'string' ? message : expect.stringMatching(message) }],
});

describe('validateHospitalCsv', () => {
  it('accepts a valid file and counts its data rows', async () => {
    expect(
      await validate(
        'name,address,phone\nRiverside General Hospital,12 Harbour Road,+1 555 010 4477\nHillcrest Clinic,3 Elm Way,\n',
      ),
    ).toEqual({
      valid: true,
      totalRows: 2,
    });
  });

  it('takes header names trimmed and in any case and order, phone optional', async () => {
    expect(await validate(' ADDRESS , Name \n3 Elm Way,Hillcrest Clinic')).toEqual({ valid: true, totalRows: 1 });
  });

  it('accepts UTF-8 with or without a byte order mark, and CRLF line ends', async () => {
    expect(await validate('\uFEFFname,address\r\nCentro de Saúde Sé,Rua Nova 1\r\n')).toEqual({ valid: true, totalRows: 1 });
    expect(await validate('name,address\r\nKlinikum Süd,Hauptstraße 5\r\n')).toEqual({ valid: true, totalRows: 1 });
  });

  it('reads RFC 4180 quoting: commas, doubled quotes and line breaks inside quoted cells', async () => {
    const text =
      'name,address\n"Harbour ""North"" Clinic","12 Harbour Road, Unit 4\nPort Example"\n"Lakeside, East Wing","7 Shore Drive"\n';
    expect(await validate(text)).toEqual({ valid: true, totalRows: 2 });
  });

  it('skips blank lines, which do not count as rows', async () => {
    expect(await validate('name,address\n\nHillcrest Clinic,3 Elm Way\n   \n,\nLakeside Clinic,7 Shore Drive\n\n')).toEqual({
      valid: true,
      totalRows: 2,
    });
  });

  it('refuses an empty file, a blank one and a header without rows', async () => {
    expect(await validateBytes(new Uint8Array())).toEqual(fileProblem('The file is empty'));
    expect(await validate('\uFEFF \n\n')).toEqual(fileProblem('The file is empty'));
    expect(await validate('name,address,phone\n')).toEqual(fileProblem('The file has a header but no data rows'));
    expect(await validate('name,address\n\n,\n')).toEqual(fileProblem('The file has a header but no data rows'));
  });

  it('refuses a file that is not UTF-8 or holds NUL bytes', async () => {
    const latin1 = Uint8Array.from([...utf8('name,address\nCaf'), 0xe9, ...utf8(',Rua 1\n')]);
    expect(await validateBytes(latin1)).toEqual(fileProblem(/^The file is not UTF-8 text/));
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'name,address'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(await validateBytes(utf16)).not.toHaveProperty('valid', true);
    expect(await validate('name,address\nHillcrest\u0000Clinic,3 Elm Way\n')).toEqual(
      fileProblem('The file holds binary data (NUL bytes), not CSV text'),
    );
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await validateBytes(png)).toEqual(fileProblem(/^The file is not UTF-8 text/));
  });

  it('refuses a missing header, a wrong field name, an extra column and a missing required column', async () => {
    const missing = await validate('Riverside General Hospital,12 Harbour Road\nHillcrest Clinic,3 Elm Way\n');
    expect(!missing.valid && missing.problems[0]).toEqual({
      row: 0,
      column: null,
      message: 'The first line must be the header naming the columns: name, address and, optionally, phone',
    });
    expect(JSON.stringify(missing)).not.toContain('Riverside');
    expect(await validate('name,adress\nHillcrest Clinic,3 Elm Way\n')).toEqual({
      valid: false,
      problemCount: 2,
      problems: [
        { row: 0, column: null, message: 'Column 2 of the header is not one of name, address, phone' },
        { row: 0, column: 'address', message: 'The header lacks the required column address' },
      ],
    });
    expect(await validate('name,address,beds\nHillcrest Clinic,3 Elm Way,40\n')).toMatchObject({
      valid: false,
      problems: [{ row: 0, column: null, message: 'Column 3 of the header is not one of name, address, phone' }],
    });
    expect(await validate('name,phone\nHillcrest Clinic,5550104477\n')).toMatchObject({
      valid: false,
      problems: [{ row: 0, column: 'address', message: 'The header lacks the required column address' }],
    });
  });

  it('reports every row problem with its row and column', async () => {
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
    expect(await validate(text)).toEqual({
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

  it('refuses a row repeating the name and address of an earlier one, trimmed and whatever the case', async () => {
    const text = 'name,address\nHillcrest Clinic,3 Elm Way\nLakeside Clinic,7 Shore Drive\n  HILLCREST clinic , 3 elm way \n';
    expect(await validate(text)).toEqual({
      valid: false,
      problemCount: 1,
      problems: [{ row: 3, column: null, message: 'The row repeats the name and address of row 1' }],
    });
    // Same name, another address: another hospital.
    expect(await validate('name,address\nHillcrest Clinic,3 Elm Way\nHillcrest Clinic,5 Elm Way\n')).toEqual({
      valid: true,
      totalRows: 2,
    });
  });

  it('refuses more rows than the limit, and takes exactly the limit', async () => {
    const rows = (n: number) =>
      ['name,address', ...Array.from({ length: n }, (_, i) => `Clinic ${i + 1},${i + 1} Main Street`)].join('\n');
    expect(await validate(rows(20))).toEqual({ valid: true, totalRows: 20 });
    expect(await validate(rows(21))).toEqual(fileProblem(/^The file has more than 20 data rows/));
    expect(await validate(rows(5000), { maxRows: 5000 })).toEqual({ valid: true, totalRows: 5000 });
  });

  it('reports broken quoting at the row where it happens, without quoting the file', async () => {
    const unclosed = await validate('name,address\nHillcrest Clinic,3 Elm Way\n"Lakeside Clinic,7 Shore Drive\n');
    expect(unclosed).toEqual({
      valid: false,
      problemCount: 1,
      problems: [{ row: 2, column: null, message: 'A quoted cell is never closed: a quote is missing' }],
    });
    const stray = await validate('name,address\nHillcrest "North" Clinic,3 Elm Way\n');
    expect(stray).toMatchObject({ valid: false, problems: [{ row: 1, column: null }] });
    expect(JSON.stringify(stray)).not.toContain('North');
    expect(await validate('"name,address\n')).toMatchObject({ valid: false, problems: [{ row: 0 }] });
  });

  it('lists at most a thousand problems but counts them all', async () => {
    const text = ['name,address', ...Array.from({ length: 1500 }, (_, i) => `,${i} Main Street`)].join('\n');
    const result = await validate(text, { maxRows: 2000 });
    expect(result).toMatchObject({ valid: false, problemCount: 1500 });
    expect(!result.valid && result.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
  });

  it('gives the same answers whatever the chunks the file arrives in, a character cut in two included', async () => {
    const text = 'name,address\n"Centro de Saúde, Sé","Rua Nova 1\nLisboa"\nKlinikum Süd,Hauptstraße 5\n,no name\n';
    const whole = await validate(text);
    expect(whole).toMatchObject({ valid: false, problemCount: 1, problems: [{ row: 3, column: 'name' }] });
    for (const chunkBytes of [1, 2, 3, 7]) expect(await validateBytes(utf8(text), undefined, chunkBytes)).toEqual(whole);
    const latin1 = Uint8Array.from([...utf8('name,address\nCaf'), 0xe9]);
    expect(await validateBytes(latin1, undefined, 1)).toEqual(fileProblem(/^The file is not UTF-8 text/));
  });

  it('reads the file again only when some key hash repeats, and then reports exact repeats among rows in order', async () => {
    const passes: number[] = [];
    const counting = (bytes: Uint8Array) => () => {
      passes.push(1);
      return readerOf(bytes)();
    };
    await validateHospitalCsv(counting(utf8('name,address\nA,1\nB,2\n')), limits);
    expect(passes).toHaveLength(2); // encoding, records
    passes.length = 0;
    const repeated = await validateHospitalCsv(counting(utf8('name,address\nA,1\n,2\nA,1\nB,\nA,1\n')), limits);
    expect(passes).toHaveLength(3); // and the exact comparison
    expect(repeated).toEqual({
      valid: false,
      problemCount: 4,
      problems: [
        { row: 2, column: 'name', message: 'name is required' },
        { row: 3, column: null, message: 'The row repeats the name and address of row 1' },
        { row: 4, column: 'address', message: 'address is required' },
        { row: 5, column: null, message: 'The row repeats the name and address of row 1' },
      ],
    });
  });

  it('never takes two keys that share a hash for a repeat', async () => {
    /** Every key hashes alike: each row after the first looks like a repeat until the keys are compared. */
    class OneHash extends KeyHashSet {
      private any = false;
      override add(): boolean {
        const first = !this.any;
        this.any = true;
        return first;
      }
      override has(): boolean {
        return this.any;
      }
      override sibling(): KeyHashSet {
        return new OneHash();
      }
      override get size(): number {
        return this.any ? 1 : 0;
      }
    }
    const rows = (n: number) => ['name,address', ...Array.from({ length: n }, (_, i) => `Clinic ${i + 1},${i + 1} Main Street`)];
    expect(await validateHospitalCsv(readerOf(utf8(rows(20).join('\n'))), limits, new OneHash())).toEqual({
      valid: true,
      totalRows: 20,
    });
    const text = [...rows(5), 'CLINIC 2 , 2 main street', ...rows(3).slice(1)].join('\n');
    expect(await validateHospitalCsv(readerOf(utf8(text)), limits, new OneHash())).toEqual({
      valid: false,
      problemCount: 4,
      problems: [6, 7, 8, 9].map((row) => ({
        row,
        column: null,
        message: `The row repeats the name and address of row ${row === 6 ? 2 : row - 6}`,
      })),
    });
  });
});
