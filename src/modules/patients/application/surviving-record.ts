import { NotFoundError } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import type { PatientRepository } from '../infrastructure/patient.repository.js';

/** Merged records point on; a chain longer than this would be a bug upstream. */
const MAX_MERGE_HOPS = 10;

/**
 * The record now standing for a patient: follows merged_into_id, each step
 * under a key-share lock that waits for a merge of the record in progress.
 */
export async function survivingRecord(patients: PatientRepository, db: EntityManager, patientId: string): Promise<string> {
  let id = patientId;
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop += 1) {
    const mergedIntoId = await patients.mergedIntoIdForKeyShare(db, id);
    if (mergedIntoId === undefined) throw new NotFoundError('Patient', id);
    if (mergedIntoId === null) return id;
    id = mergedIntoId;
  }
  throw new Error(`Patient ${patientId} is merged through more than ${MAX_MERGE_HOPS} records`);
}
