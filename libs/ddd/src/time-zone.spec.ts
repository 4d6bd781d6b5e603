import { describe, expect, it } from '@jest/globals';
import { canonicalTimeZone } from './time-zone.js';

describe('canonicalTimeZone', () => {
  it('accepts IANA names in any case and answers their canonical spelling', () => {
    expect(canonicalTimeZone('Europe/Lisbon')).toBe('Europe/Lisbon');
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Etc/GMT+5')).toBe('Etc/GMT+5');
  });

  it.each(['Mars/Olympus_Mons', '+01:00', 'UTC+1', '', 'Europe/', '../../etc/passwd'])('refuses %j', (zone) => {
    expect(canonicalTimeZone(zone)).toBeUndefined();
  });
});
