import type { TransactionContext } from '../../../infrastructure/database/transaction-context.js';
import { constraintOf, sqlStateOf } from '../../../infrastructure/database/sql-state.js';
import { AllergyUpdated } from '../domain/allergy-events.js';
import { AllergyAssertionConflictError } from '../domain/allergy-rules.js';
import { ASSERTION_CONSTRAINTS, type AllergyRepository } from '../infrastructure/allergy.repository.js';
import { allergySnapshot } from './allergy-views.js';

/**
 * Before an allergy becomes active: an active no-known-allergies assertion
 * contradicts it and is made inactive (a new version and its event naming
 * the allergy). Before an assertion becomes active: active allergies, or
 * another active assertion, refuse it (409). The caller holds the
 * patient's assertion lock, so the records read here are the latest.
 */
export async function makeRoomFor(
  tx: TransactionContext,
  allergies: AllergyRepository,
  patientId: string,
  becoming: { readonly id: string; readonly kind: 'substance' | 'no-known-allergies' },
): Promise<void> {
  const active = (await allergies.activeOf(tx.manager, patientId)).filter((row) => row.id !== becoming.id);
  if (becoming.kind === 'no-known-allergies') {
    if (active.some((row) => row.kind === 'substance')) throw new AllergyAssertionConflictError(patientId, 'active-allergies');
    if (active.some((row) => row.kind === 'no-known-allergies')) {
      throw new AllergyAssertionConflictError(patientId, 'already-asserted');
    }
    return;
  }
  for (const assertion of active.filter((row) => row.kind === 'no-known-allergies')) {
    const superseded = await allergies.supersede(tx.manager, assertion.id);
    tx.record(new AllergyUpdated(superseded.version, allergySnapshot(superseded), ['clinicalStatus'], becoming.id));
  }
}

/** PostgreSQL's backstop of the one-assertion rule, read as the conflict it is. */
export function assertionConflictOf(error: unknown, patientId: string): unknown {
  const constraint = constraintOf(error);
  if (sqlStateOf(error) === '23514' && constraint !== undefined && ASSERTION_CONSTRAINTS.has(constraint)) {
    return new AllergyAssertionConflictError(patientId, 'active-allergies');
  }
  return error;
}
