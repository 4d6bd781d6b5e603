import { describe, expect, it } from '@jest/globals';
import { HospitalCsvRecords } from './hospital-csv-records.js';

describe('HospitalCsvRecords', () => {
  it('reads the header, then numbers data rows from 1, skipping blank records', () => {
    const records = new HospitalCsvRecords();
    expect(records.nextRow).toBe(0);
    expect(records.accept([' ', ''])).toEqual({ kind: 'blank' });
    expect(records.accept(['name', 'address'])).toEqual({
      kind: 'header',
      layout: { name: 0, address: 1, phone: null, width: 2 },
    });
    expect(records.accept(['Hillcrest Clinic', '3 Elm Way'])).toEqual({
      kind: 'row',
      hospital: { row: 1, name: 'Hillcrest Clinic', address: '3 Elm Way', phone: null },
    });
    expect(records.accept(['', ''])).toEqual({ kind: 'blank' });
    expect(records.accept(['', '5 Oak Lane'])).toEqual({
      kind: 'row-problems',
      row: 2,
      problems: [{ row: 2, column: 'name', message: 'name is required' }],
    });
    expect(records.rowCount).toBe(2);
    expect(records.nextRow).toBe(3);
  });

  it('reports header problems and reads no rows after them', () => {
    const records = new HospitalCsvRecords();
    expect(records.accept(['title', 'address'])).toMatchObject({ kind: 'header-problems' });
    expect(records.hasHeader).toBe(true);
    expect(() => records.accept(['a', 'b'])).toThrow();
  });
});
