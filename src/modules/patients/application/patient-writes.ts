import type { QueryBus } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { GetHospital } from '../../hospitals/index.js';
import { HospitalOutOfScopeError } from '../domain/hospital-out-of-scope.error.js';
import { UnknownHospitalError } from '../domain/unknown-hospital.error.js';
import { applyPatientChanges } from '../domain/patient-changes.js';
import type { PatientDetailChanges, PatientDetails } from '../domain/patient-details.js';
import type { PersonalField } from '../domain/patient-personal-data.js';
import { PatientRegistered } from '../domain/patient-registered.event.js';
import { PatientUpdated } from '../domain/patient-updated.event.js';
import type { PatientCipher } from '../infrastructure/patient-cipher.js';
import { fieldsOf, type PatientRow, toPatientState } from '../infrastructure/patient-row.js';
import type { NewPatientRow, PatientRewrite } from '../infrastructure/patient.repository.js';
import { readsAllPatients } from './patient-read-access.js';
import type { PatientViews } from './patient-views.js';

/** The care links' source label of the registering user's department. */
export const REGISTRATION_LINK_SOURCE = 'registration';

/**
 * The registering hospital must exist, and be the caller's own unless they
 * read every patient. Asked inside the transaction with a hold: the
 * hospital cannot be deleted until this registration commits, and a
 * deletion that got there first leaves no hospital to find.
 */
export async function holdRegisteringHospital(queries: QueryBus, principal: Principal, hospitalId: string): Promise<void> {
  try {
    await queries.execute(new GetHospital(hospitalId, true));
  } catch (error) {
    if (error instanceof NotFoundError) throw new UnknownHospitalError(hospitalId);
    throw error;
  }
  if (hospitalId !== principal.hospitalId && !readsAllPatients(principal)) throw new HospitalOutOfScopeError(hospitalId);
}

/** What a registration stores: every personal field encrypted under the active key, with its blind indexes. */
export function newPatientRow(
  cipher: PatientCipher,
  id: string,
  details: PatientDetails,
  registeringHospitalId: string,
  mrn: string,
): NewPatientRow {
  return {
    id,
    mrn,
    sex: details.sex,
    registeringHospitalId,
    encrypted: cipher.encrypt(id, details),
    piiKeyId: cipher.activeKeyId,
    indexes: cipher.indexes(details),
    blindIndexKeyId: cipher.activeIndexKeyId,
  };
}

/** The event of a registration, from the row as stored (its ciphertexts, its MRN). */
export function patientRegistered(stored: PatientRow, duplicateConfirmed: boolean): PatientRegistered {
  return new PatientRegistered({
    patientId: stored.id,
    mrn: stored.mrn,
    sex: stored.sex,
    status: stored.status,
    mergedIntoId: null,
    registeringHospitalId: stored.registering_hospital_id,
    piiKeyId: stored.pii_key_id,
    encrypted: fieldsOf(stored),
    duplicateConfirmed,
  });
}

/** A change to a stored patient: the rewrite to store and the fields it changes. */
export interface PatientChange {
  readonly rewrite: PatientRewrite;
  readonly changedFields: readonly (keyof PatientDetails)[];
  readonly next: PatientDetails;
}

/** A stored row's details in plaintext (every personal field decrypted, and sex). */
export function storedDetails(views: PatientViews, row: PatientRow): PatientDetails {
  return { ...views.decrypt(toPatientState(row)), sex: row.sex };
}

/**
 * What `changes` make of the stored row, whose details are `before`
 * (storedDetails), or null when nothing differs. Any change rewrites every
 * ciphertext and blind index under the active keys (a row never mixes keys).
 */
export function patientChange(
  cipher: PatientCipher,
  current: PatientRow,
  before: PatientDetails,
  changes: PatientDetailChanges,
): PatientChange | null {
  const { next, changedFields } = applyPatientChanges(before, changes);
  if (changedFields.length === 0) return null;
  return {
    rewrite: {
      sex: next.sex,
      encrypted: cipher.encrypt(current.id, next),
      piiKeyId: cipher.activeKeyId,
      indexes: cipher.indexes(next),
      blindIndexKeyId: cipher.activeIndexKeyId,
    },
    changedFields,
    next,
  };
}

/** The event of a change as stored: the changed fields' new ciphertexts only. */
export function patientUpdated(updated: PatientRow, change: Pick<PatientChange, 'changedFields' | 'next'>): PatientUpdated {
  const stored = fieldsOf(updated);
  const personal = change.changedFields.filter((field): field is PersonalField => field !== 'sex');
  return new PatientUpdated(updated.version, {
    patientId: updated.id,
    changedFields: [...change.changedFields],
    encrypted: Object.fromEntries(personal.map((field) => [field, stored[field]])),
    ...(change.changedFields.includes('sex') ? { sex: change.next.sex } : {}),
    piiKeyId: updated.pii_key_id,
  });
}
