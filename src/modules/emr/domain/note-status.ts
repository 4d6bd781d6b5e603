/**
 * FHIR R4 Composition.status (http://hl7.org/fhir/composition-status), spelled
 * as FHIR does: `preliminary` a draft, `final` signed, `amended` a signed note
 * that a later version (an amendment) supersedes. `entered-in-error` is
 * reserved: the table accepts it, no route writes it yet.
 */
export const NOTE_STATUSES = ['preliminary', 'final', 'amended', 'entered-in-error'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];
