import { describe, expect, it } from '@jest/globals';
import { ControlCharactersPipe } from './control-characters.pipe.js';
import { RequestValidationError } from './request-validation.error.js';

const pipe = new ControlCharactersPipe();
const errorsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationError);
    return (error as RequestValidationError).fieldErrors;
  }
  throw new Error('expected a RequestValidationError');
};

describe('ControlCharactersPipe', () => {
  it('names each body field at any depth, never its value', () => {
    const body = { displayName: 'a\u0000b', address: { lines: ['ok', 'x\u001by'] }, ok: 'fine' };
    const errors = errorsOf(() => pipe.transform(body, { type: 'body' }));
    expect(errors).toEqual([
      { field: 'address.lines.1', message: 'address.lines.1 must not contain control characters' },
      { field: 'displayName', message: 'displayName must not contain control characters' },
    ]);
    expect(JSON.stringify(errors)).not.toContain('a\u0000b');
  });

  it('lets multi-line free text through in bodies, but not in query or path values', () => {
    expect(pipe.transform({ notes: 'line 1\r\n\tline 2' }, { type: 'body' })).toEqual({ notes: 'line 1\r\n\tline 2' });
    expect(errorsOf(() => pipe.transform({ q: 'a\nb' }, { type: 'query' }))).toEqual([
      { field: 'q', message: 'q must not contain control characters' },
    ]);
    expect(errorsOf(() => pipe.transform('a\u0000b', { type: 'param', data: 'id' }))).toEqual([
      { field: 'id', message: 'id must not contain control characters' },
    ]);
  });

  it('leaves clean values and non-request arguments alone', () => {
    expect(pipe.transform({ name: 'Zoë' }, { type: 'query' })).toEqual({ name: 'Zoë' });
    expect(pipe.transform('a\u0000b', { type: 'custom' })).toBe('a\u0000b');
  });
});
