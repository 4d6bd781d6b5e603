import type { EncounterClass } from '../domain/encounter-class.js';
import type { EncounterStatus } from '../domain/encounter-status.js';

/** What every reader of an encounter sees (encounters:read): no clinical content. */
export interface EncounterAdministrativeView {
  readonly id: string;
  readonly patientId: string;
  /** The serviceProvider: the hospital, and the department within it. */
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly class: EncounterClass;
  readonly status: EncounterStatus;
  readonly accountNumber: string;
  readonly periodStart: Date | null;
  readonly periodEnd: Date | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** `administrative`: the clinical members are left out; `clinical`: they are present. */
  readonly view: 'administrative' | 'clinical';
  /** Only in an answer as of an instant: the text members left null because they were rewritten since and no version keeps a text. */
  readonly textsNotKept?: readonly string[];
}

/** Added for readers whose emr:read covers the encounter. */
export interface EncounterClinicalContent {
  readonly attendingPractitionerId: string | null;
  readonly careTeamIds: readonly string[];
  readonly reasonText: string | null;
  /** Why it was cancelled or marked entered-in-error. */
  readonly statusReason: string | null;
}

export type EncounterView = EncounterAdministrativeView & Partial<EncounterClinicalContent>;

export interface EncounterPage {
  readonly items: readonly EncounterView[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** An encounter as a patient's list embeds it (the patients API's `include=encounters`, issue 18). */
export interface EncounterSummary {
  readonly id: string;
  /** The visit account number. */
  readonly accountNumber: string;
  /** The period's start as a date (YYYY-MM-DD) in the hospital's time zone; null while it has none (planned, or cancelled unstarted). */
  readonly visitDate: string | null;
  /** Clinical: only for readers whose emr:read covers the encounter, else null. */
  readonly reason: string | null;
  readonly status: EncounterStatus;
  readonly class: EncounterClass;
}
