import type { DomainEvent } from '@hms/ddd';
import { EncounterFinished, EncounterStarted, snapshotOf } from '../domain/encounter-events.js';
import type { VisitPeriod } from '../domain/past-visit.js';
import type { EncounterCipher } from '../infrastructure/encounter-cipher.js';
import { type EncounterRow, toEncounterState } from '../infrastructure/encounter-row.js';
import type { NewEncounterRow } from '../infrastructure/encounter.repository.js';
import type { PastVisit } from './commands/record-visit.command.js';
import { snapshotOfRow } from './encounter-writes.js';

/** A visit from another system names no practitioner. */
export const NO_USERS = { attendingPractitionerId: null, careTeamIds: [] };

/** A reported visit as its row: a finished AMB encounter at version 2, its reason encrypted. */
export function pastVisitRow(
  cipher: EncounterCipher,
  id: string,
  patientId: string,
  visit: PastVisit,
  period: VisitPeriod,
): NewEncounterRow {
  return {
    id,
    patientId,
    hospitalId: visit.hospitalId,
    departmentId: visit.departmentId,
    class: 'AMB',
    status: 'finished',
    ...NO_USERS,
    accountNumber: visit.accountNumber,
    reasonText: cipher.encrypt(id, 'reason_text', visit.reasonText),
    piiKeyId: cipher.activeKeyId,
    periodStart: period.start,
    periodEnd: period.end,
    version: 2,
  };
}

/** The events of a visit as stored: those of an encounter recorded in progress (version 1) and finished (2). */
export function pastVisitEvents(row: EncounterRow): DomainEvent<unknown>[] {
  const started = snapshotOf(
    { ...toEncounterState(row), status: 'in-progress', periodEnd: null, version: 1 },
    { reason: true, statusReason: false },
  );
  return [new EncounterStarted(1, started), new EncounterFinished(2, snapshotOfRow(row))];
}
