import type { EncounterClass } from './encounter-class.js';
import type { EncounterStatus } from './encounter-status.js';

/** An encounter as its rules see it: ids, codes and instants (its free texts are not the rules' business). */
export interface EncounterState {
  readonly id: string;
  readonly patientId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly class: EncounterClass;
  readonly status: EncounterStatus;
  readonly attendingPractitionerId: string | null;
  readonly careTeamIds: readonly string[];
  readonly accountNumber: string;
  readonly periodStart: Date | null;
  readonly periodEnd: Date | null;
  readonly version: number;
}

/** The users an encounter's `own` scope admits: its attending practitioner and its care team. */
export function responsibleUsersOf(state: Pick<EncounterState, 'attendingPractitionerId' | 'careTeamIds'>): string[] {
  const users = state.attendingPractitionerId ? [state.attendingPractitionerId, ...state.careTeamIds] : [...state.careTeamIds];
  return [...new Set(users)];
}
