import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { databaseInputProblem } from './database-input.problem.js';

/** What TypeORM throws for a pg driver error: the SQLSTATE copied onto a QueryFailedError. */
const queryFailed = (code: string, message: string) =>
  new QueryFailedError(
    'SELECT * FROM hospitals WHERE name = $1',
    ['Secret\u0000Name'],
    Object.assign(new Error(message), { code }),
  );

describe('databaseInputProblem', () => {
  it.each([
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P05', 'unsupported Unicode escape sequence'],
  ])('maps SQLSTATE %s to a 400 that leaks neither SQL nor value', (code, message) => {
    const problem = databaseInputProblem(queryFailed(code, message));
    expect(problem).toEqual({
      status: 400,
      code: 'COMMON.INVALID_INPUT',
      detail: 'The request holds characters that cannot be stored.',
    });
    const text = JSON.stringify(problem);
    for (const leak of ['SELECT', 'hospitals', 'Secret', '0x00', 'UTF8']) expect(text).not.toContain(leak);
  });

  it('leaves every other error to the 500 path', () => {
    expect(databaseInputProblem(queryFailed('23505', 'duplicate key'))).toBeUndefined();
    expect(databaseInputProblem(queryFailed('22001', 'value too long'))).toBeUndefined();
    expect(databaseInputProblem(new Error('boom'))).toBeUndefined();
    expect(databaseInputProblem(undefined)).toBeUndefined();
  });
});
