import { HttpStatus } from '@nestjs/common';
import { sqlStateOf } from '../database/sql-state.js';
import type { ProblemInput } from './problem-response.js';

/**
 * Text PostgreSQL refuses to store: 22021 (invalid byte sequence, e.g. NUL in
 * UTF-8) and 22P05 (untranslatable character). Input checks catch these
 * first; this is the backstop, so a value that slips past them is the
 * client's 400, not a 500. The driver's message quotes the bytes, so none of
 * it is passed on.
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

export function databaseInputProblem(error: unknown): ProblemInput | undefined {
  const state = sqlStateOf(error);
  if (state === undefined || !UNSTORABLE_TEXT.has(state)) return undefined;
  return {
    status: HttpStatus.BAD_REQUEST,
    code: 'COMMON.INVALID_INPUT',
    detail: 'The request holds characters that cannot be stored.',
  };
}
