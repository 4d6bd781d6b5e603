/** FHIR R4 Encounter.status (http://hl7.org/fhir/encounter-status), the values this context uses, spelled as FHIR does. */
export const ENCOUNTER_STATUSES = ['planned', 'in-progress', 'finished', 'cancelled', 'entered-in-error'] as const;
export type EncounterStatus = (typeof ENCOUNTER_STATUSES)[number];

/** What a command asks of an encounter's status. */
export const ENCOUNTER_TRANSITIONS = ['start', 'finish', 'cancel', 'mark-entered-in-error'] as const;
export type EncounterTransition = (typeof ENCOUNTER_TRANSITIONS)[number];

/** The statuses an encounter may start in: booked ahead, or already under way (a walk-in, an emergency). */
export const INITIAL_ENCOUNTER_STATUSES = ['planned', 'in-progress'] as const satisfies readonly EncounterStatus[];
export type InitialEncounterStatus = (typeof INITIAL_ENCOUNTER_STATUSES)[number];

/** An encounter in one of these is closed: its details do not change any more. */
export const CLOSED_ENCOUNTER_STATUSES: readonly EncounterStatus[] = ['finished', 'cancelled', 'entered-in-error'];

export function isClosed(status: EncounterStatus): boolean {
  return CLOSED_ENCOUNTER_STATUSES.includes(status);
}
