import { describe, expect, it } from '@jest/globals';
import { BatchInProgressError } from './batch-in-progress.error.js';
import { assertBatchSettled, processingSeconds, settledStatus } from './import-batch-status.js';

describe('import batch status', () => {
  it('refuses to act on a batch still in progress, and on nothing else', () => {
    expect(() => assertBatchSettled('b1', 'IN_PROGRESS')).toThrow(BatchInProgressError);
    for (const status of ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'] as const) {
      expect(() => assertBatchSettled('b1', status)).not.toThrow();
    }
  });

  it('settles with errors when any row failed', () => {
    expect(settledStatus(0)).toBe('COMPLETED');
    expect(settledStatus(3)).toBe('COMPLETED_WITH_ERRORS');
  });

  it('measures processing time in seconds to the millisecond, once finished', () => {
    const start = new Date('2026-11-22T10:00:00.000Z');
    expect(processingSeconds(start, new Date('2026-11-22T10:00:02.345Z'))).toBe(2.345);
    expect(processingSeconds(start, null)).toBeNull();
    expect(processingSeconds(null, start)).toBeNull();
  });
});
