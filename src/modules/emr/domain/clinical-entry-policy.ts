import { DomainError } from '@hms/ddd';
import type { EncounterStatus } from './encounter-status.js';

/** When a clinical entry (a note, a diagnosis, a set of vitals) was written, against its encounter. */
export type EntryTiming = 'contemporaneous' | 'late';

/** A finished encounter takes new entries only as flagged late entries with a reason. */
export class EncounterLockedError extends DomainError<'EMR.ENCOUNTER_LOCKED'> {
  readonly code = 'EMR.ENCOUNTER_LOCKED' as const;

  constructor(encounterId: string) {
    super('The encounter is finished: record this as a late entry, with the reason it is late (lateEntryReason).', {
      encounterId,
    });
  }
}

/** A late-entry reason on an encounter still open: the entry is not late, and saying so would mislead. */
export class NotALateEntryError extends DomainError<'EMR.NOT_A_LATE_ENTRY'> {
  readonly code = 'EMR.NOT_A_LATE_ENTRY' as const;

  constructor(encounterId: string, status: EncounterStatus) {
    super(`The encounter is ${status}: an entry on it is not late; send it without lateEntryReason.`, {
      encounterId,
      status,
    });
  }
}

/** Cancelled or entered in error: nothing clinical is recorded on it any more. */
export class EncounterVoidError extends DomainError<'EMR.ENCOUNTER_VOID'> {
  readonly code = 'EMR.ENCOUNTER_VOID' as const;

  constructor(encounterId: string, status: EncounterStatus) {
    super(`The encounter is ${status}: no clinical entry is recorded on it.`, { encounterId, status });
  }
}

/**
 * Whether an encounter in `status` takes a new clinical entry, and how it is
 * flagged (ADR 30). Planned and in progress: taken as written. Finished: the
 * encounter is locked, so a new entry is taken only as a late entry with its
 * reason, and flagged late; OpenEMR's locked encounters that still took new
 * vitals are the failure this prevents. Cancelled or entered in error:
 * never. Amendments of signed notes are not new entries and are not gated here.
 */
export function entryTimingOf(encounterId: string, status: EncounterStatus, lateEntryReason: string | undefined): EntryTiming {
  switch (status) {
    case 'planned':
    case 'in-progress':
      if (lateEntryReason !== undefined) throw new NotALateEntryError(encounterId, status);
      return 'contemporaneous';
    case 'finished':
      if (lateEntryReason === undefined) throw new EncounterLockedError(encounterId);
      return 'late';
    case 'cancelled':
    case 'entered-in-error':
      throw new EncounterVoidError(encounterId, status);
  }
}
