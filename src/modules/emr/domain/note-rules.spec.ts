import { describe, expect, it } from '@jest/globals';
import { NoteNotAuthorError } from './note-not-author.error.js';
import { NoteNotSignedError } from './note-not-signed.error.js';
import { assertAmendable, assertAuthorMayChange } from './note-rules.js';
import { NoteSignedError } from './note-signed.error.js';
import { NoteSupersededError } from './note-superseded.error.js';
import { NOTE_TYPE_CODES, NOTE_TYPES, noteTypeOfCode } from './note-type.js';

const NOTE = '0190a000-0000-7000-8000-000000000001';
const AUTHOR = '0190a000-0000-7000-8000-0000000000aa';
const OTHER = '0190a000-0000-7000-8000-0000000000bb';

describe('a clinical note', () => {
  it('is changed or signed by its author while a draft, by nobody else', () => {
    expect(() => assertAuthorMayChange({ id: NOTE, status: 'preliminary', authorId: AUTHOR }, AUTHOR)).not.toThrow();
    expect(() => assertAuthorMayChange({ id: NOTE, status: 'preliminary', authorId: AUTHOR }, OTHER)).toThrow(NoteNotAuthorError);
  });

  it('no longer changes once signed or amended, even for its author; another user meets the 403 first', () => {
    for (const status of ['final', 'amended', 'entered-in-error'] as const) {
      expect(() => assertAuthorMayChange({ id: NOTE, status, authorId: AUTHOR }, AUTHOR)).toThrow(NoteSignedError);
      expect(() => assertAuthorMayChange({ id: NOTE, status, authorId: AUTHOR }, OTHER)).toThrow(NoteNotAuthorError);
    }
  });

  it('is amended only when signed and current: a draft is edited, an amended version names the current one', () => {
    expect(() => assertAmendable({ id: NOTE, status: 'final' }, null)).not.toThrow();
    expect(() => assertAmendable({ id: NOTE, status: 'preliminary' }, null)).toThrow(NoteNotSignedError);
    let refusal: unknown;
    try {
      assertAmendable({ id: NOTE, status: 'amended' }, OTHER);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(NoteSupersededError);
    expect((refusal as NoteSupersededError).details).toEqual({ noteId: NOTE, status: 'amended', currentNoteId: OTHER });
    expect(() => assertAmendable({ id: NOTE, status: 'entered-in-error' }, null)).toThrow(NoteSupersededError);
  });

  it('has a LOINC document code for each readable type, and reads the type back from the code', () => {
    expect(NOTE_TYPES.progress.code).toBe('11506-3');
    expect(NOTE_TYPES['discharge-summary'].code).toBe('18842-5');
    expect(NOTE_TYPES.nursing.code).toBe('34746-8');
    expect(new Set(NOTE_TYPE_CODES).size).toBe(NOTE_TYPE_CODES.length);
    for (const code of NOTE_TYPE_CODES) expect(NOTE_TYPES[noteTypeOfCode(code)].code).toBe(code);
  });
});
