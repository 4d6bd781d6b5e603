import { describe, expect, it } from '@jest/globals';
import {
  afterPass,
  gaveUpError,
  MAX_ROTATION_PASSES,
  progressPercent,
  targetRefusal,
  unreadableRowError,
} from './pii-rotation-policy.js';

describe('pii rotation policy', () => {
  it('completes a pass that leaves no row under another key, whatever the pass', () => {
    expect(afterPass('encryption', 'k2', 1, 0)).toEqual({ next: 'complete' });
    expect(afterPass('encryption', 'k2', MAX_ROTATION_PASSES, 0)).toEqual({ next: 'complete' });
  });

  it('starts another pass from the first row when rows were written under another key meanwhile', () => {
    expect(afterPass('encryption', 'k2', 1, 3)).toEqual({ next: 'another-pass' });
    expect(afterPass('blind-index', 'b2', MAX_ROTATION_PASSES - 1, 1)).toEqual({ next: 'another-pass' });
  });

  it('stops chasing writers that keep using an older keyring, naming the keyring and the target', () => {
    const decision = afterPass('blind-index', 'b2', MAX_ROTATION_PASSES, 7);
    expect(decision.next).toBe('fail');
    if (decision.next !== 'fail') return;
    expect(decision.error).toContain('7 rows');
    expect(decision.error).toContain('PII_BLIND_INDEX_KEYS whose first key is not b2');
  });

  it('lets a worker run only rotations to its own active key', () => {
    expect(targetRefusal('encryption', 'k2', 'k2')).toBeUndefined();
    expect(targetRefusal('encryption', 'k3', 'k2')).toBe(
      "the worker's active PII_ENCRYPTION_KEYS key is k2, not the rotation's target k3: the processes' configurations disagree. " +
        'Give every process the same PII_ENCRYPTION_KEYS (new key first), restart them, and run pii:rotate again',
    );
  });

  it('names the row and column of an unreadable value and how to continue', () => {
    const message = unreadableRowError('0193a1f2-0000-7000-8000-000000000001', 'last_name', 'key k9 is not in the keyring');
    expect(message).toMatch(/^patient 0193a1f2-0000-7000-8000-000000000001: last_name could not be decrypted/);
    expect(message).toContain('run pii:rotate again');
    expect(gaveUpError('QueryFailedError')).toContain('(QueryFailedError)');
  });

  it('reports progress below 100 until the rotation completes', () => {
    expect(progressPercent(0, 300)).toBe(0);
    expect(progressPercent(150, 300)).toBe(50);
    expect(progressPercent(300, 300)).toBe(99);
    // Rows written meanwhile under an old key may make a run rewrite more than it counted at its start.
    expect(progressPercent(320, 300)).toBe(99);
    expect(progressPercent(0, 0)).toBe(99);
  });
});
