import { expect } from '@jest/globals';
import { queryAudited } from '../../support/audited-events.js';
import type { TestApp } from '../../support/test-app.js';
import type { Api } from '../../patients/support/patients-api.js';
import { givenEncounter } from './emr-api.js';

/** A typical set, every code once but BMI (the server adds it). */
export const FULL_SET = [
  { code: '8867-4', value: 72, unit: '/min' },
  { code: '8480-6', value: 118, unit: 'mm[Hg]' },
  { code: '8462-4', value: 76, unit: 'mm[Hg]' },
  { code: '8310-5', value: 36.8, unit: 'Cel' },
  { code: '9279-1', value: 14, unit: '/min' },
  { code: '59408-5', value: 98, unit: '%' },
  { code: '29463-7', value: 70, unit: 'kg' },
  { code: '8302-2', value: 175, unit: 'cm' },
];

/** An encounter under way, recorded over the API. */
export async function givenOpenEncounter(api: Api, patientId: string): Promise<string> {
  return (await givenEncounter(api, patientId, { status: 'in-progress' })).id;
}

/** An encounter finished over the API. */
export async function givenFinishedEncounter(api: Api, patientId: string): Promise<string> {
  const id = await givenOpenEncounter(api, patientId);
  const res = await api.post(`/encounters/${id}/finish`).send({});
  expect(res.status).toBe(200);
  return id;
}

/**
 * Rows of the vitals and allergy tables and events recorded (refusals aside): what "nothing written"
 * is checked against, once everything committed is in the audit store.
 */
export async function clinicalWriteCounts(
  t: TestApp,
): Promise<{ sets: number; observations: number; allergies: number; events: number }> {
  const [row] = await queryAudited<{ sets: number; observations: number; allergies: number; events: number }>(
    t,
    `SELECT (SELECT count(*)::int FROM vital_sets) AS sets,
            (SELECT count(*)::int FROM vital_observations) AS observations,
            (SELECT count(*)::int FROM allergy_intolerances) AS allergies,
            (SELECT count(*)::int FROM audit_events WHERE type <> 'authz.AccessDenied.v1') AS events`,
  );
  return row;
}
