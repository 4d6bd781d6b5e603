import type { PatientScopedRecord, Principal } from '@hms/authz';
import type { TransactionContext } from '../../../infrastructure/database/transaction-context.js';
import { type EntryTiming, entryTimingOf } from '../domain/clinical-entry-policy.js';
import type { EncounterRow } from '../infrastructure/encounter-row.js';
import type { EncounterRepository } from '../infrastructure/encounter.repository.js';
import { mayWrite } from './encounter-access.js';
import { refusedWrite, scopedRecordOf } from './encounter-writes.js';

/** The encounter a clinical entry goes on, the scope attributes the entry copies from it, and how the entry is flagged. */
export interface AdmittedEntry {
  readonly encounter: EncounterRow;
  /** Written with the entry (ADR 16): its scopes are the encounter's at the time. */
  readonly scope: PatientScopedRecord;
  readonly timing: EntryTiming;
}

/**
 * The gate every new clinical entry on an encounter passes, inside the
 * writer's unit of work (ADR 30): the encounter share-locked, the writer's
 * emr:write over it (outside it: undefined, the refusal recorded for the
 * caller to answer 404 after the commit, as a missing encounter would), and
 * its status (entryTimingOf: 409 when locked or void). Permissions finer
 * than emr:write (signing, diagnosing) are the caller's to check.
 */
export async function admitEntry(
  tx: TransactionContext,
  encounters: EncounterRepository,
  principal: Principal,
  encounterId: string,
  lateEntryReason: string | undefined,
): Promise<AdmittedEntry | undefined> {
  const encounter = await encounters.lockForEntry(tx.manager, encounterId);
  if (!encounter) return undefined;
  const scope = scopedRecordOf(encounter);
  if (!mayWrite(principal, scope)) {
    tx.record(refusedWrite(tx.actor, 'Encounter', encounterId));
    return undefined;
  }
  return { encounter, scope, timing: entryTimingOf(encounterId, encounter.status, lateEntryReason) };
}
