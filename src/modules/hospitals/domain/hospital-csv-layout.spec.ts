import { describe, expect, it } from '@jest/globals';
import { readHeader } from './hospital-csv-layout.js';

describe('readHeader', () => {
  it('finds the columns in any order, trimmed and whatever their case', () => {
    expect(readHeader([' Address ', 'NAME', 'Phone'])).toEqual({ layout: { name: 1, address: 0, phone: 2, width: 3 } });
    expect(readHeader(['name', 'address'])).toEqual({ layout: { name: 0, address: 1, phone: null, width: 2 } });
  });

  it('refuses an unknown column without quoting it', () => {
    const reading = readHeader(['name', 'address', 'Dr. Jane Example']);
    expect(reading).toEqual({
      problems: [{ row: 0, column: null, message: 'Column 3 of the header is not one of name, address, phone' }],
    });
    expect(JSON.stringify(reading)).not.toContain('Jane');
  });

  it('refuses a wrong field name and names the required column it lacks', () => {
    expect(readHeader(['hospital_name', 'address'])).toEqual({
      problems: [
        { row: 0, column: null, message: 'Column 1 of the header is not one of name, address, phone' },
        { row: 0, column: 'name', message: 'The header lacks the required column name' },
      ],
    });
  });

  it('says the header is missing when the first line names no required column', () => {
    const reading = readHeader(['Riverside General Hospital', '12 Harbour Road']);
    expect('problems' in reading && reading.problems[0].message).toBe(
      'The first line must be the header naming the columns: name, address and, optionally, phone',
    );
    expect('problems' in reading && reading.problems.map((p) => p.column)).toEqual([null, null, null, 'name', 'address']);
  });

  it('refuses a column named twice and an unnamed column', () => {
    expect(readHeader(['name', 'address', 'Name', ''])).toEqual({
      problems: [
        { row: 0, column: 'name', message: 'The header names the column name twice' },
        { row: 0, column: null, message: 'Column 4 of the header has no name' },
      ],
    });
  });
});
