import { describe, expect, it } from '@jest/globals';
import { problemField } from './csv-problem.js';

describe('problemField', () => {
  it('names the file, the header or the row, with the column when there is one', () => {
    expect(problemField({ row: null, column: null, message: '' })).toBe('file');
    expect(problemField({ row: 0, column: null, message: '' })).toBe('header');
    expect(problemField({ row: 0, column: 'name', message: '' })).toBe('header: name');
    expect(problemField({ row: 3, column: null, message: '' })).toBe('row 3');
    expect(problemField({ row: 3, column: 'phone', message: '' })).toBe('row 3: phone');
  });
});
