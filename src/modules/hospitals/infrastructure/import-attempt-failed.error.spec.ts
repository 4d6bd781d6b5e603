import { describe, expect, it } from '@jest/globals';
import { ImportAttemptFailedError } from './import-attempt-failed.error.js';

describe('ImportAttemptFailedError', () => {
  it('keeps the class and code of the cause, never its message', () => {
    const cause = Object.assign(new Error('Invalid Closing Quote: got "Riverside" at line 3'), {
      code: 'CSV_INVALID_CLOSING_QUOTE',
    });
    const error = new ImportAttemptFailedError(cause);
    expect(error.message).toBe('import attempt failed: Error (CSV_INVALID_CLOSING_QUOTE)');
    expect(error.message).not.toContain('Riverside');
    expect(new ImportAttemptFailedError('boom').message).toBe('import attempt failed: Error');
  });
});
