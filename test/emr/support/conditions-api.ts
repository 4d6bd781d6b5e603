import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_KEYS } from '../../support/test-env.js';
import type { TestApp } from '../../support/test-app.js';
import type { Api } from '../../patients/support/patients-api.js';
import { queryAudited } from '../../support/audited-events.js';

/** The invented catalogues under test/emr/fixtures (ICD-10 is licensed: no real copy ships). */
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (`npm test` builds first) against the test's database, as an operator would. */
export function runCli(t: TestApp, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/cli.js', ...args], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: t.db.url, ...TEST_KEYS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A diagnosis recorded over the API; answers its body. */
export async function givenDiagnosis(
  api: Api,
  encounterId: string,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string; version: number }> {
  const res = await api
    .post(`/encounters/${encounterId}/diagnoses`)
    .send({ code: 'I21.4', display: 'Heart muscle infarction', verificationStatus: 'confirmed', ...body });
  if (res.status !== 201) throw new Error(`diagnosis: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown> & { id: string; version: number };
}

/** Rows in conditions and care links, and events recorded (refusals and reads aside): what "nothing written" is checked against. */
export async function conditionWriteCounts(t: TestApp): Promise<{ conditions: number; links: number; events: number }> {
  const [row] = await queryAudited<{ conditions: number; links: number; events: number }>(
    t,
    `SELECT (SELECT count(*)::int FROM conditions) AS conditions,
            (SELECT count(*)::int FROM patient_care_links) AS links,
            (SELECT count(*)::int FROM audit_events
              WHERE type NOT IN ('authz.AccessDenied.v1', 'patients.PatientDataAccessed.v1')) AS events`,
  );
  return row;
}
