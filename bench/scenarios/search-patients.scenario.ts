import { processCpu } from '../load/run-loads.js';
// The repository and the handler's scope SQL carry Nest decorators, which need the metadata polyfill first.
import 'reflect-metadata';
import { abilityToSql, buildAbility, type Principal } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import { loadConfig } from '../../src/config/app-config.js';
import { PATIENT_SCOPE_SQL } from '../../src/modules/patients/application/queries/find-patients.handler.js';
import { searchHashes } from '../../src/modules/patients/infrastructure/patient-encryption.js';
import { planIndexConditions } from '../../src/modules/patients/infrastructure/patient-search-plan.js';
import { PatientRepository } from '../../src/modules/patients/infrastructure/patient.repository.js';
import { expectStatus } from '../api-client.js';
import { loadMeasurement, type Measurement, type Scenario } from '../scenario.js';
import type { SeedSample } from './patient-seed-protocol.js';
import { patientFixture, searchRequests, settleOutbox } from './patient-fixture.js';

/** Inputs EXPLAINed, and requests of the sequential run. */
const EXPLAINED = 300;
const SEQUENTIAL = 500;
/** The page size a search gets when it names none (FindPatientsRequest). */
const DEFAULT_PAGE_SIZE = 50;

interface MeResponse {
  readonly id: string;
  readonly sessionId: string;
  readonly roles: string[];
  readonly permissions: string[];
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
}

interface ExplainOutput {
  readonly Plan: Record<string, unknown>;
  readonly 'Planning Time': number;
  readonly 'Execution Time': number;
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

function percentiles(values: readonly number[]): { p50: number; p90: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/** Index names a plan reads, depth first. */
function indexesOf(node: Record<string, unknown>): string[] {
  const own = typeof node['Index Name'] === 'string' ? [node['Index Name']] : [];
  const children = (node.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [...own, ...children.flatMap(indexesOf)];
}

/**
 * The statement the server runs for GET /patients?lastName=&dateOfBirth= as
 * this caller: built by the repository's own search() (captured, not run),
 * with the scope from the handler's PATIENT_SCOPE_SQL and the planned index
 * conditions, as FindPatientsHandler builds them.
 */
async function searchStatement(principal: Principal, indexKeys: { secret: Buffer }[], p: SeedSample) {
  let captured: { sql: string; params: unknown[] } | undefined;
  const capture = {
    query: (sql: string, params: unknown[]) => {
      captured = { sql, params };
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
  const scope = abilityToSql(buildAbility(principal), 'read', 'patients', PATIENT_SCOPE_SQL);
  await new PatientRepository().search(
    capture,
    {
      indexConditions: planIndexConditions({ lastName: p.lastName, dateOfBirth: p.dateOfBirth }, (key, input) =>
        searchHashes(indexKeys, key, input),
      ),
      page: 1,
      pageSize: DEFAULT_PAGE_SIZE,
    },
    scope,
  );
  return captured!;
}

/**
 * Scenario 4: GET /api/v1/patients?lastName=&dateOfBirth= as the doctor,
 * pairs drawn from the seeded set (each finds its patient, and every patient
 * found is audited). Then the server-side time of that search: EXPLAIN
 * (ANALYZE) of the exact statement for a sample of inputs (execution time
 * inside PostgreSQL), and a sequential run over one connection reporting the
 * client-observed median and the server's own Server-Timing.
 */
export const searchPatientsScenario: Scenario = {
  name: 'search',
  number: 4,
  title: 'GET /patients?lastName=&dateOfBirth= as a doctor',
  async run(ctx) {
    const fx = await patientFixture(ctx);
    const seeding = fx.takeSeedingMeasurement();
    const token = await fx.doctorToken();
    const requests = searchRequests(fx, token);
    const settled = await settleOutbox(ctx);
    const [load] = await ctx.runLoads([
      {
        label: `GET /patients?lastName=&dateOfBirth= × ${ctx.options.connections} connections`,
        requests,
        connections: ctx.options.connections,
        expectedStatuses: [200],
      },
    ]);
    ctx.log(`  ${Math.round(load.measured.requestsPerSecond)} req/s, p99 ${ms(load.measured.latencyMs.p99)}`);

    // Server side, in PostgreSQL: the exact statement, EXPLAIN (ANALYZE) over a sample of inputs.
    const me = await ctx.api.request<MeResponse>('GET', '/api/v1/auth/me', { token });
    expectStatus(me, 200, 'reading the doctor');
    const principal: Principal = {
      userId: me.body.id,
      sessionId: me.body.sessionId,
      roles: me.body.roles,
      permissions: me.body.permissions,
      hospitalId: me.body.hospitalId,
      departmentId: me.body.departmentId,
      emergencyGrants: [],
    };
    const indexKeys = loadConfig(ctx.serverEnv).crypto.blindIndexKeys.map((k) => ({ secret: k.secret }));
    const step = Math.max(1, Math.floor(fx.seed.sample.length / EXPLAINED));
    const inputs = fx.seed.sample.filter((_, i) => i % step === 0).slice(0, EXPLAINED);
    const execution: number[] = [];
    const planning: number[] = [];
    const found: number[] = [];
    let plan: Record<string, unknown> | undefined;
    let statement = '';
    for (const input of inputs) {
      const { sql, params } = await searchStatement(principal, indexKeys, input);
      statement = sql;
      const { rows } = await ctx.db.query<{ 'QUERY PLAN': ExplainOutput[] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      const [output] = rows[0]['QUERY PLAN'];
      execution.push(output['Execution Time']);
      planning.push(output['Planning Time']);
      found.push(Number(output.Plan['Actual Rows'] ?? 0));
      plan ??= output.Plan;
    }
    const exec = percentiles(execution);
    const plan50 = percentiles(planning);

    // Client side, one connection, one request at a time: what a single user waits, and what the app says it spent.
    const client: number[] = [];
    const app: number[] = [];
    for (const input of inputs.concat(inputs).slice(0, SEQUENTIAL)) {
      const started = performance.now();
      const res = await fetch(
        `${ctx.origin}/api/v1/patients?lastName=${encodeURIComponent(input.lastName)}&dateOfBirth=${input.dateOfBirth}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      await res.arrayBuffer();
      client.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`a sequential search answered ${res.status}`);
      const timing = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
      if (timing) app.push(Number(timing[1]));
    }
    const seq = percentiles(client);
    const appTiming = percentiles(app);

    const patients = ctx.options.patients.toLocaleString('en-US');
    const measurements: Measurement[] = [
      ...(seeding ? [seeding] : []),
      loadMeasurement(load),
      {
        label: `EXPLAIN (ANALYZE) of the search statement, ${inputs.length} inputs: execution time in PostgreSQL`,
        latencyMs: { p50: exec.p50, p90: exec.p90, p99: exec.p99 },
        errors: { unexpected: 0, socket: 0, timeouts: 0 },
        detail: { execution: exec, planning: plan50, rowsFound: percentiles(found), indexes: indexesOf(plan ?? {}), statement },
      },
      {
        label: `Sequential searches over 1 connection, ${client.length} requests: client-observed`,
        rate: { value: 1000 / (client.reduce((a, b) => a + b, 0) / client.length), unit: 'req/s' },
        latencyMs: { p50: seq.p50, p90: seq.p90, p99: seq.p99 },
        statuses: { '200': client.length },
        expectedStatuses: [200],
        errors: { unexpected: 0, socket: 0, timeouts: 0 },
        detail: { client: seq, serverTiming: appTiming },
      },
    ];
    return {
      measurements,
      targets: [
        {
          target: `search by lastName + dateOfBirth < 5 ms server-side at the median (target set for 1,000,000 patients; ${patients} here)`,
          actual: `${ms(exec.p50)} execution in PostgreSQL (EXPLAIN ANALYZE median)`,
          met: exec.p50 < 5,
        },
      ],
      notes: [
        `${settled === undefined ? 'The outbox did not settle before the load.' : `Outbox settled in ${settled.toFixed(1)} s before the load.`}`,
        `Server side over ${patients} patients: PostgreSQL executes the search statement in ${ms(exec.p50)} at the median ` +
          `(p90 ${ms(exec.p90)}, max ${ms(exec.max)}; planning ${ms(plan50.p50)} more), through ${[...new Set(indexesOf(plan ?? {}))].join(', ')}; ` +
          `it found ${percentiles(found).p50} row(s) at the median.`,
        `One connection, one search at a time: ${ms(seq.p50)} client-observed at the median (p99 ${ms(seq.p99)}), of which the ` +
          `application reports ${ms(appTiming.p50)} (Server-Timing app;dur: token, session state, SQL, decryption, audit insert).`,
        `CPU during the load: ${processCpu(load.cpu)}.`,
      ],
    };
  },
};
