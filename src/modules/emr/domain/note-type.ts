/**
 * A clinical note's kind as FHIR R4 Composition.type writes it: a LOINC
 * document code (http://loinc.org). The API takes the readable name and
 * answers both; the table stores the code.
 */
export const NOTE_TYPE_SYSTEM = 'http://loinc.org';

export const NOTE_TYPES = {
  progress: { code: '11506-3', display: 'Progress note' },
  consultation: { code: '11488-4', display: 'Consult note' },
  admission: { code: '51849-8', display: 'Admission history and physical note' },
  'discharge-summary': { code: '18842-5', display: 'Discharge summary' },
  procedure: { code: '28570-0', display: 'Procedure note' },
  nursing: { code: '34746-8', display: 'Nurse note' },
} as const;

export type NoteType = keyof typeof NOTE_TYPES;
export type NoteTypeCode = (typeof NOTE_TYPES)[NoteType]['code'];
export const NOTE_TYPE_NAMES = Object.keys(NOTE_TYPES) as NoteType[];
export const NOTE_TYPE_CODES: NoteTypeCode[] = NOTE_TYPE_NAMES.map((name) => NOTE_TYPES[name].code);

export function noteTypeOfCode(code: NoteTypeCode): NoteType {
  const found = NOTE_TYPE_NAMES.find((name) => NOTE_TYPES[name].code === code);
  if (!found) throw new Error(`unknown note type code ${code}`);
  return found;
}
