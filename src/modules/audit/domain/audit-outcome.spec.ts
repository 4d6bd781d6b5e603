import { describe, expect, it } from '@jest/globals';
import { outcomeFor } from './audit-outcome.js';

describe('outcomeFor', () => {
  it('calls authorization refusals denied, failed sign-ins and token replays failures, and everything else a success', () => {
    expect(outcomeFor('AccessDenied')).toBe('denied');
    expect(outcomeFor('LoginFailed')).toBe('failure');
    expect(outcomeFor('RefreshTokenReused')).toBe('failure');
    expect(outcomeFor('LoginSucceeded')).toBe('success');
    expect(outcomeFor('UserCreated')).toBe('success');
  });
});
