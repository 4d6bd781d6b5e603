import { describe, expect, it } from '@jest/globals';
import type { AllergySnapshot } from './allergy-events.js';
import {
  ALLERGY_TEXTS,
  amendedByThen,
  CONDITION_TEXTS,
  ENCOUNTER_TEXTS,
  NOTE_TEXTS,
  type RecordedVersion,
  textsNotKept,
  textsThen,
  versionsAsOf,
} from './as-of.js';
import type { ConditionSnapshot } from './condition-events.js';
import type { EncounterSnapshot } from './encounter-events.js';
import type { NoteSnapshot } from './note-events.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute));

function version<S>(n: number, type: string, minute: number, change: Partial<S> & Record<string, unknown>): RecordedVersion<S> {
  return { version: n, type, occurredAt: at(minute), change: change as unknown as S };
}

const encounter = (extra: Partial<EncounterSnapshot> = {}) => ({ reasonRecorded: true, statusReasonRecorded: false, ...extra });

describe('versionsAsOf', () => {
  const versions = [
    version<EncounterSnapshot>(1, 'emr.EncounterPlanned.v1', 0, encounter()),
    version<EncounterSnapshot>(2, 'emr.EncounterStarted.v1', 10, encounter()),
    version<EncounterSnapshot>(3, 'emr.EncounterFinished.v1', 20, encounter()),
  ];

  it('takes the last version made by the instant, inclusive', () => {
    expect(versionsAsOf(versions, at(10))?.then.version).toBe(2);
    expect(versionsAsOf(versions, at(15))?.then.version).toBe(2);
    expect(versionsAsOf(versions, at(15))?.later.map((v) => v.version)).toEqual([3]);
    expect(versionsAsOf(versions, at(15))?.before.map((v) => v.version)).toEqual([1]);
    expect(versionsAsOf(versions, at(30))?.then.version).toBe(3);
  });

  it('has no version before the first one', () => {
    expect(versionsAsOf(versions, new Date(at(0).getTime() - 1))).toBeUndefined();
    expect(versionsAsOf([], at(5))).toBeUndefined();
  });

  it('orders by version whatever the input order', () => {
    expect(versionsAsOf([...versions].reverse(), at(15))?.then.version).toBe(2);
  });
});

describe('texts as of an instant', () => {
  it('keeps an encounter reason no later version touched, and withholds one a PATCH rewrote', () => {
    const created = version<EncounterSnapshot>(1, 'emr.EncounterStarted.v1', 0, encounter());
    const careTeam = version<EncounterSnapshot>(
      2,
      'emr.EncounterUpdated.v1',
      5,
      encounter({ changedFields: ['careTeamIds'] } as never),
    );
    const reason = version<EncounterSnapshot>(
      3,
      'emr.EncounterUpdated.v1',
      10,
      encounter({ changedFields: ['reasonText'] } as never),
    );
    expect(textsThen(ENCOUNTER_TEXTS, versionsAsOf([created, careTeam], at(1))!)).toEqual({
      reasonText: 'kept',
      statusReason: 'empty',
    });
    const texts = textsThen(ENCOUNTER_TEXTS, versionsAsOf([created, careTeam, reason], at(6))!);
    expect(texts).toEqual({ reasonText: 'not-kept', statusReason: 'empty' });
    expect(textsNotKept(texts)).toEqual(['reasonText']);
  });

  it('answers an encounter text that was not recorded then as empty, even when written since', () => {
    const created = version<EncounterSnapshot>(1, 'emr.EncounterStarted.v1', 0, encounter({ reasonRecorded: false }));
    const reason = version<EncounterSnapshot>(
      2,
      'emr.EncounterUpdated.v1',
      10,
      encounter({ changedFields: ['reasonText'] } as never),
    );
    expect(textsThen(ENCOUNTER_TEXTS, versionsAsOf([created, reason], at(5))!).reasonText).toBe('empty');
  });

  it('withholds a status reason a later cancel or entered-in-error wrote over', () => {
    const cancelled = version<EncounterSnapshot>(2, 'emr.EncounterCancelled.v1', 5, encounter({ statusReasonRecorded: true }));
    const error = version<EncounterSnapshot>(
      3,
      'emr.EncounterMarkedEnteredInError.v1',
      10,
      encounter({ statusReasonRecorded: true }),
    );
    const first = version<EncounterSnapshot>(1, 'emr.EncounterPlanned.v1', 0, encounter());
    expect(textsThen(ENCOUNTER_TEXTS, versionsAsOf([first, cancelled, error], at(6))!).statusReason).toBe('not-kept');
    expect(textsThen(ENCOUNTER_TEXTS, versionsAsOf([first, cancelled, error], at(11))!).statusReason).toBe('kept');
  });

  it('takes a recorded flag that changed later as a rewrite even without a named field', () => {
    const first = version<EncounterSnapshot>(1, 'emr.EncounterStarted.v1', 0, encounter());
    const cleared = version<EncounterSnapshot>(2, 'emr.EncounterMovedByMerge.v1', 5, encounter({ reasonRecorded: false }));
    expect(textsThen(ENCOUNTER_TEXTS, versionsAsOf([first, cleared], at(1))!).reasonText).toBe('not-kept');
  });

  it('keeps a signed note’s text and withholds a draft text edited since', () => {
    const note = (extra: Partial<NoteSnapshot> = {}) => ({
      textRecorded: true as const,
      lateEntryReasonRecorded: true,
      amendmentReasonRecorded: false,
      ...extra,
    });
    const drafted = version<NoteSnapshot>(1, 'emr.NoteDrafted.v1', 0, note());
    const typeOnly = version<NoteSnapshot>(2, 'emr.NoteUpdated.v1', 5, note({ changedFields: ['type'] } as never));
    const edited = version<NoteSnapshot>(3, 'emr.NoteUpdated.v1', 10, note({ changedFields: ['text'] } as never));
    const signed = version<NoteSnapshot>(4, 'emr.NoteSigned.v1', 15, note());
    const all = [drafted, typeOnly, edited, signed];
    expect(textsThen(NOTE_TEXTS, versionsAsOf(all, at(6))!)).toEqual({
      text: 'not-kept',
      lateEntryReason: 'kept',
      amendmentReason: 'empty',
    });
    expect(textsThen(NOTE_TEXTS, versionsAsOf(all, at(11))!).text).toBe('kept');
    expect(textsThen(NOTE_TEXTS, versionsAsOf(all, at(20))!).text).toBe('kept');
  });

  it('withholds a condition note a later update changed, for diagnoses and problems alike', () => {
    const condition = (extra: Partial<ConditionSnapshot> = {}) => ({
      noteRecorded: true,
      lateEntryReasonRecorded: false,
      ...extra,
    });
    for (const [created, updated] of [
      ['emr.DiagnosisRecorded.v1', 'emr.DiagnosisUpdated.v1'],
      ['emr.ProblemRecorded.v1', 'emr.ProblemUpdated.v1'],
    ]) {
      const first = version<ConditionSnapshot>(1, created, 0, condition());
      const status = version<ConditionSnapshot>(2, updated, 5, condition({ changedFields: ['clinicalStatus'] } as never));
      const note = version<ConditionSnapshot>(3, updated, 10, condition({ changedFields: ['note'] } as never));
      expect(textsThen(CONDITION_TEXTS, versionsAsOf([first, status], at(1))!).note).toBe('kept');
      expect(textsThen(CONDITION_TEXTS, versionsAsOf([first, status, note], at(6))!)).toEqual({
        note: 'not-kept',
        lateEntryReason: 'empty',
      });
    }
  });

  it('withholds an allergy substance or reactions a later PATCH rewrote, each on its own', () => {
    const allergy = (extra: Record<string, unknown> = {}): Partial<AllergySnapshot> & Record<string, unknown> => ({
      substanceRecorded: true,
      reactionSeverities: ['mild'],
      ...extra,
    });
    const updated = 'emr.AllergyUpdated.v1';
    const first = version<AllergySnapshot>(1, 'emr.AllergyRecorded.v1', 0, allergy());
    const criticality = version<AllergySnapshot>(2, updated, 5, allergy({ changedFields: ['criticality'] }));
    const substance = version<AllergySnapshot>(3, updated, 10, allergy({ changedFields: ['substance'] }));
    const reactions = version<AllergySnapshot>(
      4,
      updated,
      15,
      allergy({ changedFields: ['reactions'], reactionSeverities: ['severe'] }),
    );
    expect(textsThen(ALLERGY_TEXTS, versionsAsOf([first, criticality], at(1))!)).toEqual({
      substance: 'kept',
      reactions: 'kept',
    });
    expect(textsThen(ALLERGY_TEXTS, versionsAsOf([first, criticality, substance, reactions], at(6))!)).toEqual({
      substance: 'not-kept',
      reactions: 'not-kept',
    });
    expect(textsThen(ALLERGY_TEXTS, versionsAsOf([first, substance, reactions], at(11))!)).toEqual({
      substance: 'kept',
      reactions: 'not-kept',
    });
    // No reactions then, reactions recorded since: empty then, not withheld.
    const bare = version<AllergySnapshot>(1, 'emr.AllergyRecorded.v1', 0, allergy({ reactionSeverities: [] }));
    expect(textsThen(ALLERGY_TEXTS, versionsAsOf([bare, reactions], at(1))!).reactions).toBe('empty');
  });
});

describe('amendedByThen', () => {
  it('names the amendment only from the version that recorded it on', () => {
    const base = { textRecorded: true as const, lateEntryReasonRecorded: false, amendmentReasonRecorded: false };
    const versions = [
      version<NoteSnapshot>(1, 'emr.NoteDrafted.v1', 0, base),
      version<NoteSnapshot>(2, 'emr.NoteSigned.v1', 5, base),
      version<NoteSnapshot>(3, 'emr.NoteAmended.v1', 10, { ...base, amendmentNoteId: 'a1' }),
    ];
    expect(amendedByThen(versionsAsOf(versions, at(6))!)).toBeNull();
    expect(amendedByThen(versionsAsOf(versions, at(11))!)).toBe('a1');
  });
});
