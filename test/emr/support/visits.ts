import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { buildAbility, type Principal } from '@hms/authz';
import type { PatientEditor, PatientReader } from '../../../src/modules/patients/index.js';
import {
  ListEncountersOfPatients,
  type EncounterSummary,
  type PastVisit,
  RecordVisit,
  type VisitOutcome,
} from '../../../src/modules/emr/index.js';
import type { TestApp } from '../../support/test-app.js';
import type { Ward } from './emr-api.js';

/**
 * A user's writer and reader as a request would carry them, from the user's
 * row and roles in the database (the permissions an administrator edits), for
 * commands and queries sent straight to the app's buses.
 */
export async function readerFor(t: TestApp, user: { readonly userId: string }): Promise<PatientReader> {
  const [row] = await t.db.query<{
    hospital_id: string | null;
    department_id: string | null;
    roles: string[];
    permissions: string[];
  }>(
    `SELECT u.hospital_id, u.department_id, array_agg(DISTINCT r.name) AS roles,
            COALESCE(array_agg(DISTINCT p.permission) FILTER (WHERE p.permission IS NOT NULL), '{}') AS permissions
       FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
       LEFT JOIN LATERAL unnest(r.permissions) AS p(permission) ON true
      WHERE u.id = $1 GROUP BY u.id`,
    [user.userId],
  );
  const principal: Principal = {
    userId: user.userId,
    sessionId: 'visits-test',
    roles: row.roles,
    permissions: row.permissions,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    emergencyGrants: [],
  };
  return {
    actor: { kind: 'user', id: user.userId, roles: row.roles, hospitalId: row.hospital_id, departmentId: row.department_id },
    principal,
    ability: buildAbility(principal),
    purposeOfUse: 'TREAT',
  };
}

export const editorFor = (t: TestApp, user: { readonly userId: string }): Promise<PatientEditor> => readerFor(t, user);

export function recordVisit(
  t: TestApp,
  writer: PatientEditor,
  patientId: string,
  visit: PastVisit,
): Promise<{ encounterId: string; outcome: VisitOutcome }> {
  return t.app.get(CommandBus).execute(new RecordVisit(writer, patientId, visit));
}

export function encountersOf(
  t: TestApp,
  reader: PatientReader,
  patientIds: readonly string[],
): Promise<ReadonlyMap<string, readonly EncounterSummary[]>> {
  return t.app.get(QueryBus).execute(new ListEncountersOfPatients(reader, patientIds));
}

/** Moves the ward's hospital (still at version 1) to a time zone, whose calendar its visits' dates then follow. */
export async function givenTimeZone(ward: Ward, timeZone: string): Promise<void> {
  const res = await ward.asAdmin.patch(`/hospitals/${ward.hospitalId}`).set('If-Match', '"1"').send({ timeZone });
  if (res.status !== 200) throw new Error(`time zone: ${res.status} ${JSON.stringify(res.body)}`);
}
