import { describe, expect, it } from '@jest/globals';
import { EncounterLockedError, EncounterVoidError, entryTimingOf, NotALateEntryError } from './clinical-entry-policy.js';

const ID = '0190a000-0000-7000-8000-000000000001';

describe('a clinical entry on an encounter', () => {
  it('is taken as written while the encounter is planned or in progress, and a late-entry reason is refused', () => {
    expect(entryTimingOf(ID, 'planned', undefined)).toBe('contemporaneous');
    expect(entryTimingOf(ID, 'in-progress', undefined)).toBe('contemporaneous');
    expect(() => entryTimingOf(ID, 'in-progress', 'forgot')).toThrow(NotALateEntryError);
  });

  it('is taken on a finished encounter only as a late entry with its reason', () => {
    expect(() => entryTimingOf(ID, 'finished', undefined)).toThrow(EncounterLockedError);
    expect(entryTimingOf(ID, 'finished', 'results arrived after discharge')).toBe('late');
  });

  it('is never taken on a cancelled encounter or one entered in error, reason or not', () => {
    for (const status of ['cancelled', 'entered-in-error'] as const) {
      expect(() => entryTimingOf(ID, status, undefined)).toThrow(EncounterVoidError);
      expect(() => entryTimingOf(ID, status, 'late')).toThrow(EncounterVoidError);
    }
  });
});
