import { describe, expect, it } from '@jest/globals';
import { AttemptFailedError } from './attempt-failed.error.js';

describe('AttemptFailedError', () => {
  it('keeps the class and code of the cause, never its message', () => {
    const cause = Object.assign(new Error('Invalid Closing Quote: got "Riverside" at line 3'), {
      code: 'CSV_INVALID_CLOSING_QUOTE',
    });
    const error = new AttemptFailedError('import', cause);
    expect(error.message).toBe('import attempt failed: Error (CSV_INVALID_CLOSING_QUOTE)');
    expect(error.message).not.toContain('Riverside');
    expect(new AttemptFailedError('import', 'boom').message).toBe('import attempt failed: Error');
  });
});
