import { randomUUID } from 'node:crypto';
import { waitFor } from '@hms/testing';
import { tokenFor, type UserWithTokens } from '../../support/auth.js';
import type { TestApp } from '../../support/test-app.js';
import { apiAs, type Api, givenDepartment, givenHospital } from '../../patients/support/patients-api.js';

/** A receiving hospital with a department, its records officer (intake:submit:hospital) and an administrator. */
export interface Receiver {
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly officer: UserWithTokens;
  readonly asOfficer: Api;
  readonly asAdmin: Api;
}

export async function givenReceiver(t: TestApp): Promise<Receiver> {
  const asAdmin = apiAs(t, await tokenFor(t, 'admin'));
  const hospitalId = await givenHospital(asAdmin);
  const departmentId = await givenDepartment(asAdmin, hospitalId, 'INTAKE');
  const officer = await tokenFor(t, 'records_officer', { hospitalId, departmentId });
  return { hospitalId, departmentId, officer, asOfficer: apiAs(t, officer), asAdmin };
}

export type IntakeRecordBody = Record<string, string | null>;

/** A valid record of an invented person; each call a new MRN and visit number unless given. */
export function intakeRecord(over: IntakeRecordBody = {}): IntakeRecordBody {
  const tag = randomUUID().slice(0, 8).toUpperCase();
  return {
    mrn: `MRN-${tag}`,
    first_name: 'Testa',
    last_name: `Feedperson${tag.replace(/\d/g, '')}`,
    birth_date: '1980-02-29',
    visit_account_number: `VISIT-${tag}`,
    visit_date: '2026-01-15',
    reason: 'Follow-up',
    ...over,
  };
}

export interface BatchBody {
  readonly batchId: string;
  readonly status: string;
  readonly counters: Record<string, number>;
  readonly [key: string]: unknown;
}

/** Polls the batch until it is settled, and answers it. */
export function settledBatch(api: Api, batchId: string, timeoutMs = 20_000): Promise<BatchBody> {
  return waitFor(
    async () => {
      const res = await api.get(`/ingest/batches/${batchId}`);
      if (res.status !== 200) throw new Error(`batch ${res.status}`);
      const body = res.body as BatchBody;
      return ['completed', 'completed-with-errors', 'failed'].includes(body.status) ? body : undefined;
    },
    `batch ${batchId} settled`,
    { timeoutMs },
  );
}

/** Rows of the intake tables and the batch events, to prove a refused request left nothing. */
export async function intakeWriteCounts(t: TestApp): Promise<{ batches: number; events: number }> {
  const [row] = await t.db.query<{ batches: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM intake_batches) AS batches,
            (SELECT count(*)::int FROM outbox WHERE type LIKE 'intake.%') AS events`,
  );
  return row;
}
