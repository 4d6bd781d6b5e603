import type { QueryBus } from '@nestjs/cqrs';
import { type Actor, NotFoundError } from '@hms/ddd';
import type { TransactionContext } from '../../../infrastructure/database/transaction-context.js';
import type { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { GetDepartment, GetHospital, type HospitalView } from '../../hospitals/index.js';
import { type PatientEditor, ResolvePatientAccess } from '../../patients/index.js';
import { DepartmentOutOfScopeError } from '../domain/department-out-of-scope.error.js';
import { responsibleUsersOf } from '../domain/encounter-state.js';
import { PatientMergedError } from '../domain/patient-merged.error.js';
import { UnknownServiceProviderError } from '../domain/unknown-service-provider.error.js';
import { mayWrite } from './encounter-access.js';
import { refusedWrite } from './encounter-writes.js';
import { checkPractitioners } from './practitioner-references.js';

/** Where a new encounter is recorded, and who takes part in it. */
export interface NewEncounterPlace {
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly users: { readonly attendingPractitionerId: string | null; readonly careTeamIds: readonly string[] };
}

/**
 * What every new encounter passes in its unit of work before it is written
 * (ADR 30): the patient within the writer's patients:read (404 otherwise,
 * the refusal recorded in `tx`: the caller answers undefined so that the
 * unit of work commits it, then 404) and not merged (409 naming the
 * survivor); the hospital held and the department its own (422); the
 * practitioners checked through auth's contract; the encounter within the
 * writer's emr:write (422 DepartmentOutOfScopeError, audited by
 * `auditingScopeRefusal`). Answers the hospital, or undefined when refused.
 */
export async function admitNewEncounter(
  queries: QueryBus,
  tx: TransactionContext,
  writer: PatientEditor,
  patientId: string,
  place: NewEncounterPlace,
): Promise<HospitalView | undefined> {
  const { actor, principal } = writer;
  const { hospitalId, departmentId, users } = place;
  const patient = await queries.execute(new ResolvePatientAccess(writer, patientId));
  if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', patientId);
  if (!patient.allowed || patient.emergencyGrantId) {
    tx.record(refusedWrite(actor, 'Patient', patientId));
    return undefined;
  }
  if (patient.currentPatientId !== patientId) throw new PatientMergedError(patientId, patient.currentPatientId);
  const hospital = await holdServiceProvider(queries, hospitalId, departmentId);
  await checkPractitioners(queries, hospitalId, users);
  if (!mayWrite(principal, { patientId, hospitalId, departmentId, responsibleUserIds: responsibleUsersOf(users) })) {
    throw new DepartmentOutOfScopeError(hospitalId, departmentId);
  }
  return hospital;
}

/**
 * Runs a new encounter's unit of work and audits a department refused as
 * out of scope (AccessDenied, emr:write): committed alone when the unit of
 * work was the command's own, else in the caller's transaction, which
 * decides what it keeps. The error goes on.
 */
export async function auditingScopeRefusal<T>(
  uow: UnitOfWork,
  actor: Actor,
  departmentId: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DepartmentOutOfScopeError) await uow.record(actor, refusedWrite(actor, 'Department', departmentId));
    throw error;
  }
}

/** The hospital exists (held until the commit, so its batch cannot be deleted under the encounter) and the department is its own. */
export async function holdServiceProvider(queries: QueryBus, hospitalId: string, departmentId: string): Promise<HospitalView> {
  try {
    const hospital = await queries.execute(new GetHospital(hospitalId, true));
    await queries.execute(new GetDepartment(hospitalId, departmentId));
    return hospital;
  } catch (error) {
    if (error instanceof NotFoundError) throw new UnknownServiceProviderError(hospitalId, departmentId);
    throw error;
  }
}
