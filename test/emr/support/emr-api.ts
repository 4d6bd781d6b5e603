import { expect } from '@jest/globals';
import { tokenFor, type UserWithTokens } from '../../support/auth.js';
import { queryAudited } from '../../support/audited-events.js';
import type { TestApp } from '../../support/test-app.js';
import { apiAs, type Api, givenDepartment, givenHospital, linkCare, patientBody } from '../../patients/support/patients-api.js';

/** A hospital with two departments, the staff of each, and a records officer who registers patients. */
export interface Ward {
  readonly hospitalId: string;
  readonly cardiology: string;
  readonly oncology: string;
  /** doctor@cardiology (profession doctor), nurse@cardiology, doctor@oncology. */
  readonly doctor: UserWithTokens;
  readonly nurse: UserWithTokens;
  readonly oncologist: UserWithTokens;
  readonly officer: UserWithTokens;
  readonly asAdmin: Api;
}

export async function givenWard(t: TestApp): Promise<Ward> {
  const asAdmin = apiAs(t, await tokenFor(t, 'admin'));
  const hospitalId = await givenHospital(asAdmin);
  const cardiology = await givenDepartment(asAdmin, hospitalId, 'CARD');
  const oncology = await givenDepartment(asAdmin, hospitalId, 'ONC');
  return {
    hospitalId,
    cardiology,
    oncology,
    doctor: await tokenFor(t, 'doctor', { hospitalId, departmentId: cardiology, profession: 'doctor' }),
    nurse: await tokenFor(t, 'nurse', { hospitalId, departmentId: cardiology, profession: 'nurse' }),
    oncologist: await tokenFor(t, 'doctor', { hospitalId, departmentId: oncology, profession: 'Physician' }),
    officer: await tokenFor(t, 'records_officer', { hospitalId }),
    asAdmin,
  };
}

/**
 * A patient registered at the hospital and linked to a department (as a
 * registration by that department's front desk would be), so its staff
 * read it under patients:read:department.
 */
export async function givenPatient(t: TestApp, ward: Ward, departmentId = ward.cardiology): Promise<string> {
  const res = await apiAs(t, ward.officer)
    .post('/patients')
    .send({ ...patientBody(), registeringHospitalId: ward.hospitalId });
  expect(res.status).toBe(201);
  const patientId = res.body.id as string;
  await linkCare(t, patientId, 'department', departmentId);
  return patientId;
}

/** An encounter recorded over the API; answers its body. */
export async function givenEncounter(
  api: Api,
  patientId: string,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string; version: number }> {
  const res = await api.post(`/patients/${patientId}/encounters`).send({ class: 'AMB', ...body });
  if (res.status !== 201) throw new Error(`encounter: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown> & { id: string; version: number };
}

/**
 * Rows in encounters and care links, and events recorded (refusals aside): what "nothing written" is
 * checked against. Events are counted in the audit store once everything committed is appended (fact-only
 * ones leave the outbox as they are audited, ADR 26).
 */
export async function emrWriteCounts(t: TestApp): Promise<{ encounters: number; links: number; events: number }> {
  const [row] = await queryAudited<{ encounters: number; links: number; events: number }>(
    t,
    `SELECT (SELECT count(*)::int FROM encounters) AS encounters,
            (SELECT count(*)::int FROM patient_care_links) AS links,
            (SELECT count(*)::int FROM audit_events WHERE type <> 'authz.AccessDenied.v1') AS events`,
  );
  return row;
}
