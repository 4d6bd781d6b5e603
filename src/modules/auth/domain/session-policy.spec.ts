import { describe, expect, it } from '@jest/globals';
import { accessTokenExpiry, activityRecordDue, sessionEndReason } from './session-policy.js';

const at = (minutes: number, seconds = 0) => new Date(Date.UTC(2026, 10, 22, 8, minutes, seconds));

describe('sessionEndReason', () => {
  const live = { expiresAt: at(600), lastSeenAt: at(0), revokedAt: null };
  it('keeps a session alive while it is used within the idle timeout', () => {
    expect(sessionEndReason(live, at(29), 30 * 60)).toBeNull();
    expect(sessionEndReason(live, at(30), 30 * 60)).toBeNull();
  });
  it('ends a session idle for longer than the timeout, past its absolute lifetime, or revoked', () => {
    expect(sessionEndReason(live, at(30, 1), 30 * 60)).toBe('idle');
    expect(sessionEndReason({ ...live, lastSeenAt: at(599) }, at(600), 30 * 60)).toBe('expired');
    expect(sessionEndReason({ ...live, revokedAt: at(1) }, at(2), 30 * 60)).toBe('revoked');
  });
});

describe('activityRecordDue', () => {
  it('records activity once a minute with the default 30-minute timeout', () => {
    expect(activityRecordDue(at(0), at(0, 59), 30 * 60)).toBe(false);
    expect(activityRecordDue(at(0), at(1), 30 * 60)).toBe(true);
  });
  it('records a tenth of a short timeout apart, so the session never ends more than that early', () => {
    expect(activityRecordDue(at(0), at(0, 5), 60)).toBe(false);
    expect(activityRecordDue(at(0), at(0, 6), 60)).toBe(true);
  });
});

describe('accessTokenExpiry', () => {
  it('never outlives the session', () => {
    expect(accessTokenExpiry(at(0), 15 * 60, at(600))).toEqual(at(15));
    expect(accessTokenExpiry(at(595), 15 * 60, at(600))).toEqual(at(600));
  });
});
