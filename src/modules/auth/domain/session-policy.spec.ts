import { describe, expect, it } from '@jest/globals';
import { accessTokenExpiry, sessionEndReason } from './session-policy.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 22, 8, minutes));

describe('sessionEndReason', () => {
  const live = { expiresAt: at(600), lastRefreshedAt: at(0), revokedAt: null };
  it('keeps a session alive while it is refreshed within the idle timeout', () => {
    expect(sessionEndReason(live, at(29), 30 * 60)).toBeNull();
  });
  it('ends a session idle for longer than the timeout, past its absolute lifetime, or revoked', () => {
    expect(sessionEndReason(live, at(31), 30 * 60)).toBe('idle');
    expect(sessionEndReason({ ...live, lastRefreshedAt: at(599) }, at(600), 30 * 60)).toBe('expired');
    expect(sessionEndReason({ ...live, revokedAt: at(1) }, at(2), 30 * 60)).toBe('revoked');
  });
});

describe('accessTokenExpiry', () => {
  it('never outlives the session', () => {
    expect(accessTokenExpiry(at(0), 15 * 60, at(600))).toEqual(at(15));
    expect(accessTokenExpiry(at(595), 15 * 60, at(600))).toEqual(at(600));
  });
});
