import { NotFoundError } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import type { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { type PatientAccess, type PatientAccessKind, PatientRecordAccessed } from '../domain/patient-record-accessed.event.js';
import type { PatientRowWithLinks } from '../infrastructure/patient-row.js';
import type { PatientRepository } from '../infrastructure/patient.repository.js';
import { outOfScope, type ReadDecision, readDecision, scopedSubjectOf } from './patient-read-access.js';
import type { PatientReader } from './patient-reader.js';

/**
 * The current row of a patient the reader may see, with the decision (and
 * break-the-glass grant) that allowed it. Out of scope answers 404 like a
 * missing id, and the refusal is audited.
 */
export async function readablePatient(
  db: EntityManager,
  patients: PatientRepository,
  uow: UnitOfWork,
  reader: PatientReader,
  patientId: string,
): Promise<{ row: PatientRowWithLinks; decision: ReadDecision }> {
  const row = await patients.findWithLinks(db, patientId);
  if (!row) throw new NotFoundError('Patient', patientId);
  const decision = readDecision(reader.ability, reader.principal, scopedSubjectOf(row));
  if (!decision.allowed) {
    await uow.record(reader.actor, outOfScope(reader.actor.id, patientId, 'patients:read'));
    throw new NotFoundError('Patient', patientId);
  }
  return { row, decision };
}

/** The access event of a patient's record served to the reader: how, why, and under which grant. */
export function accessBy(
  reader: PatientReader,
  patientId: string,
  decision: ReadDecision,
  access: PatientAccessKind,
  details: Pick<PatientAccess, 'filters' | 'asOf'> = {},
): PatientRecordAccessed {
  return new PatientRecordAccessed({
    patientId,
    access,
    purposeOfUse: reader.purposeOfUse,
    emergencyGrantId: decision.emergencyGrantId,
    ...details,
  });
}
