import { describe, expect, it } from '@jest/globals';
import { CONTEXTS } from './contexts.js';
import { COMMON_ERROR_STATUS, errorStatuses, statusForCodeOf } from './error-status.js';

describe('error statuses', () => {
  const statuses = errorStatuses(CONTEXTS);

  it('map every code of every context, and the common ones, to a 4xx or 5xx', () => {
    const codes = [...Object.keys(COMMON_ERROR_STATUS), ...CONTEXTS.flatMap((context) => Object.keys(context.errorStatus))];
    expect(codes.length).toBeGreaterThan(Object.keys(COMMON_ERROR_STATUS).length);
    for (const code of codes) {
      const status = Number(statuses.get(code));
      expect({ code, clientOrServerError: status >= 400 && status <= 599 }).toEqual({
        code,
        clientOrServerError: true,
      });
    }
  });

  it('claim each code once across the contexts (checkContexts refuses a second claim as the list loads)', () => {
    const codes = CONTEXTS.flatMap((context) => Object.keys(context.errorStatus));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('answer the status the descriptor gives, and 500 for a code nobody maps', () => {
    const statusForCode = statusForCodeOf(CONTEXTS);
    expect(statusForCode('PATIENT.MERGED')).toBe(409);
    expect(statusForCode('AUTH.INVALID_TOKEN')).toBe(401);
    expect(statusForCode('COMMON.VERSION_MISMATCH')).toBe(412);
    expect(statusForCode('NOBODY.KNOWS')).toBe(500);
  });
});
