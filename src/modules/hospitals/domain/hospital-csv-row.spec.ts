import { describe, expect, it } from '@jest/globals';
import { duplicateKey, isBlankRecord, readHospitalRow } from './hospital-csv-row.js';

const layout = { name: 0, address: 1, phone: 2, width: 3 };

describe('readHospitalRow', () => {
  it('trims cells and leaves an empty phone out', () => {
    expect(readHospitalRow(['  Riverside General Hospital ', ' 12 Harbour Road\nUnit 4 ', '  '], layout, 4)).toEqual({
      hospital: { row: 4, name: 'Riverside General Hospital', address: '12 Harbour Road\nUnit 4', phone: null },
    });
    expect(readHospitalRow(['Hillcrest Clinic', '3 Elm Way', '+1 (555) 010-4477'], layout, 1)).toEqual({
      hospital: { row: 1, name: 'Hillcrest Clinic', address: '3 Elm Way', phone: '+1 (555) 010-4477' },
    });
  });

  it('reports every problem of the row with its column', () => {
    expect(readHospitalRow([' ', 'x'.repeat(201), 'call us'], layout, 7)).toEqual({
      problems: [
        { row: 7, column: 'name', message: 'name is required' },
        { row: 7, column: 'address', message: 'address must be at most 200 characters' },
        { row: 7, column: 'phone', message: expect.stringMatching(/^phone must hold 7 to 20 digits/) },
      ],
    });
  });

  it('refuses a row whose cell count differs from the header', () => {
    expect(readHospitalRow(['Hillcrest Clinic', '3 Elm Way'], layout, 2)).toEqual({
      problems: [{ row: 2, column: null, message: 'The row has 2 cells where the header has 3' }],
    });
    expect(readHospitalRow(['a', 'b', '5550104477', 'extra'], layout, 3)).toEqual({
      problems: [{ row: 3, column: null, message: 'The row has 4 cells where the header has 3' }],
    });
  });

  it('works without a phone column', () => {
    expect(readHospitalRow(['Hillcrest Clinic', '3 Elm Way'], { name: 0, address: 1, phone: null, width: 2 }, 1)).toEqual({
      hospital: { row: 1, name: 'Hillcrest Clinic', address: '3 Elm Way', phone: null },
    });
  });
});

describe('isBlankRecord and duplicateKey', () => {
  it('treats a record of blank cells as a blank line', () => {
    expect(isBlankRecord(['', ' ', '\t'])).toBe(true);
    expect(isBlankRecord(['', 'x'])).toBe(false);
  });

  it('matches name and address whatever their case', () => {
    expect(duplicateKey({ name: 'Riverside General', address: '12 Harbour Road' })).toBe(
      duplicateKey({ name: 'RIVERSIDE general', address: '12 harbour road' }),
    );
    expect(duplicateKey({ name: 'Riverside General', address: '12 Harbour Road' })).not.toBe(
      duplicateKey({ name: 'Riverside General', address: '14 Harbour Road' }),
    );
    // The separator keeps "a b" + "c" apart from "a" + "b c".
    expect(duplicateKey({ name: 'a b', address: 'c' })).not.toBe(duplicateKey({ name: 'a', address: 'b c' }));
  });
});
