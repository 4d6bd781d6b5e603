// The timeline repository carries a Nest decorator, which needs the metadata polyfill first.
import 'reflect-metadata';
import { patientScopeConditions, patientScopeSql, type Principal } from '@hms/authz';
import { keyringOf } from '@hms/crypto';
import type { EntityManager } from 'typeorm';
import { loadConfig } from '../../src/config/app-config.js';
import { TIMELINE_KINDS } from '../../src/modules/emr/domain/timeline-kind.js';
import { TIMELINE_SCOPE_COLUMNS, TimelineRepository } from '../../src/modules/emr/infrastructure/timeline.repository.js';
import { ApiClient, expectStatus } from '../api-client.js';
import type { HttpRequestSpec } from '../load/load-protocol.js';
import { processCpu } from '../load/run-loads.js';
import type { BenchContext, Measurement, Scenario } from '../scenario.js';
import { compareWithBaseline, comparisonMeasurements } from './baseline-comparison.js';
import { patientFixture } from './patient-fixture.js';
import { seedTimeline, TIMELINE_ENTRIES_PER_PATIENT, TIMELINE_SEEDS } from './timeline-seed.js';

/** Patients given a timeline; each request reads one of them at random. */
const TIMELINE_PATIENTS = 200;
/** The first page, at the route's default page size (TimelineRequest.limit), named explicitly. */
const PAGE = 50;
/** Patients whose first page is fetched from the server and the baseline and compared before the loads. */
const CHECKED = 20;
/** Patients whose statement is EXPLAINed. */
const EXPLAINED = 50;

interface MeResponse {
  readonly id: string;
  readonly sessionId: string;
  readonly roles: string[];
  readonly permissions: string[];
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
}

interface TimelineAnswer {
  readonly items: readonly { readonly id: string; readonly kind: string; readonly href: string | null }[];
  readonly nextCursor: string | null;
}

const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The first page of each patient, from one origin: every answer must be 200 with a full page. */
async function firstPages(origin: string, token: string, patientIds: readonly string[], what: string) {
  const api = new ApiClient(origin);
  const pages: TimelineAnswer[] = [];
  for (const id of patientIds) {
    const res = await api.request<TimelineAnswer>('GET', `/api/v1/patients/${id}/timeline?limit=${PAGE}`, { token });
    expectStatus(res, 200, `the ${what}'s timeline of a seeded patient`);
    if (res.body.items.length !== PAGE || !res.body.nextCursor) {
      throw new Error(
        `the ${what} answered ${res.body.items.length} entries (and cursor ${res.body.nextCursor}); ${PAGE} and a cursor expected`,
      );
    }
    pages.push(res.body);
  }
  return pages;
}

/**
 * The seeded records as the server serves them: one entry of each kind of a
 * page that has its own route, opened there (200). A note's text and an
 * allergy's substance are decrypted on the way, so a seeded ciphertext not
 * bound as the server binds it fails here. Answers the kinds opened.
 */
async function openEntries(origin: string, token: string, page: TimelineAnswer): Promise<string[]> {
  const api = new ApiClient(origin);
  const opened: string[] = [];
  for (const entry of page.items) {
    if (!entry.href || opened.includes(entry.kind)) continue;
    const res = await api.request('GET', entry.href, { token });
    expectStatus(res, 200, `the server's ${entry.kind} ${entry.id} of a seeded timeline (${entry.href})`);
    opened.push(entry.kind);
  }
  return opened;
}

/**
 * EXPLAIN (ANALYZE) of the server's own statement for the doctor: the
 * repository's page with the scope SQL PatientDataAccess renders from the
 * doctor's emr:read, captured rather than run; the median execution and
 * planning times.
 */
async function explainTimeline(ctx: BenchContext, token: string, patientIds: readonly string[]) {
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
  const scope = patientScopeSql(patientScopeConditions(principal, 'emr'), TIMELINE_SCOPE_COLUMNS, 1);
  const captured: { sql: string; params: unknown[] }[] = [];
  const capture = {
    query: (sql: string, params: unknown[]) => {
      captured.push({ sql, params });
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
  const repository = new TimelineRepository();
  const execution: number[] = [];
  const planning: number[] = [];
  let plan: unknown;
  for (const id of patientIds) {
    await repository.page(capture, { patientIds: [id], kinds: TIMELINE_KINDS, limit: PAGE }, scope);
    const { sql, params } = captured.pop()!;
    const { rows } = await ctx.db.query<{ 'QUERY PLAN': [{ 'Execution Time': number; 'Planning Time': number; Plan: unknown }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
      params,
    );
    const [result] = rows[0]['QUERY PLAN'];
    execution.push(result['Execution Time']);
    planning.push(result['Planning Time']);
    plan ??= result.Plan;
  }
  return { executionMs: median(execution), planningMs: median(planning), plan, scope: scope.sql };
}

/**
 * Scenario 10: GET /api/v1/patients/:id/timeline?limit=50 as the doctor
 * (emr:read:department), patients drawn at random from those given 200
 * timeline entries each (every kind of TIMELINE_SEEDS), all in the doctor's
 * department and attended by the doctor. Every answer runs the
 * repository's UNION and records one access event per kind on the page,
 * naming the records served. At the run's connections and at 32, then the same against the raw
 * node:http baseline (bench/baseline/raw-timeline.ts), in the same run.
 */
export const timelineScenario: Scenario = {
  name: 'timeline',
  number: 10,
  title: 'GET /patients/:id/timeline (200 entries) as a doctor, against a raw node:http baseline',
  async run(ctx) {
    const fx = await patientFixture(ctx);
    const patientSeeding = fx.takeSeedingMeasurement();
    const step = Math.max(1, Math.floor(fx.seed.sample.length / TIMELINE_PATIENTS));
    const patientIds = fx.seed.sample
      .filter((_, i) => i % step === 0)
      .slice(0, TIMELINE_PATIENTS)
      .map((p) => p.id);
    ctx.log(
      `  seeding ${count(TIMELINE_ENTRIES_PER_PATIENT)} timeline entries for each of ${count(patientIds.length)} patients ` +
        `(${Object.entries(TIMELINE_SEEDS)
          .map(([kind, seed]) => `${seed.perPatient} ${kind}`)
          .join(', ')}) with INSERT … SELECT`,
    );
    const seeded = await seedTimeline(ctx.db, {
      patientIds,
      hospitalId: fx.hospitalId,
      departmentId: fx.departmentId,
      doctorId: fx.doctorId,
      piiKeyring: keyringOf(loadConfig(ctx.serverEnv).crypto.piiKeys),
    });
    ctx.log(
      `  seeded ${count(seeded.entries)} entries in ${seeded.seconds.toFixed(1)} s (ANALYZE ${seeded.analyzeSeconds.toFixed(1)} s)`,
    );
    const seeding: Measurement = {
      label:
        `Seeding ${count(TIMELINE_ENTRIES_PER_PATIENT)} timeline entries for each of ${count(seeded.patients)} patients ` +
        `(${Object.entries(seeded.perKind)
          .map(([kind, n]) => `${count(n)} ${kind}`)
          .join(', ')}): ${seeded.seconds.toFixed(1)} s (ANALYZE ${seeded.analyzeSeconds.toFixed(1)} s)`,
      rate: { value: seeded.entries / seeded.seconds, unit: 'rows/s' },
      errors: { unexpected: 0, socket: 0, timeouts: 0 },
      detail: { ...seeded },
    };

    const token = await fx.doctorToken();
    const requests: HttpRequestSpec[] = patientIds.map((id) => ({
      method: 'GET',
      path: `/api/v1/patients/${id}/timeline?limit=${PAGE}`,
      headers: { authorization: `Bearer ${token}` },
    }));
    const checked = patientIds.slice(0, CHECKED);
    const serverPages = await firstPages(ctx.origin, token, checked, 'server');
    // One access event per kind on a page: what each answer records.
    const kindsPerPage =
      serverPages.reduce((sum, page) => sum + new Set(page.items.map((e) => e.kind)).size, 0) / serverPages.length;
    const opened = await openEntries(ctx.origin, token, serverPages[0]);
    const explained = await explainTimeline(ctx, token, patientIds.slice(0, EXPLAINED));

    const comparison = await compareWithBaseline(ctx, {
      label: 'GET /patients/:id/timeline',
      what: 'the timeline',
      baseline: 'timeline',
      requests,
      expectedStatuses: [200],
      // Same entries, same order, same JSON: the baseline reads what the server reads.
      beforeBaselineLoads: async (baseline) => {
        const baselinePages = await firstPages(baseline.origin, token, checked, 'baseline');
        baselinePages.forEach((page, i) => {
          if (JSON.stringify(page) !== JSON.stringify(serverPages[i])) {
            throw new Error(`the baseline's first page of patient ${checked[i]} differs from the server's`);
          }
        });
      },
    });
    const { high, low, server, serverLow, raw, ratio, ratioLow } = comparison;
    return {
      measurements: [...(patientSeeding ? [patientSeeding] : []), seeding, ...comparisonMeasurements(comparison)],
      targets: [
        { target: `≥ 0.5 of the raw baseline at ${high} connections`, actual: ratio.toFixed(2), met: ratio >= 0.5 },
        {
          target: `p99 < 100 ms at ${low} connections`,
          actual: ms(serverLow.measured.latencyMs.p99),
          met: serverLow.measured.latencyMs.p99 < 100,
        },
        { target: `(extra) ≥ 0.5 of the raw baseline at ${low} connections`, actual: ratioLow.toFixed(2), met: ratioLow >= 0.5 },
      ],
      notes: [
        `Each request reads the first page (limit=${PAGE}, the route's default page size) of one of ${count(patientIds.length)} ` +
          `patients with ${count(TIMELINE_ENTRIES_PER_PATIENT)} entries each, all in the doctor's scope; ${CHECKED} first pages ` +
          `were checked on both before the loads (200, ${PAGE} entries and a cursor, the baseline's the same JSON: entries, order, ` +
          `summaries, hrefs, cursor); one entry of each kind with a route of its own opened there (200: ${opened.join(', ')}).`,
        `In PostgreSQL, the server's UNION for the doctor (scope ${explained.scope}; EXPLAIN ANALYZE, ` +
          `${Math.min(EXPLAINED, patientIds.length)} patients): ` +
          `median execution ${ms(explained.executionMs)}, planning ${ms(explained.planningMs)}.`,
        `CPU at ${high} connections: ${processCpu(server.cpu)}; baseline run: ${processCpu(raw.cpu).replace('server', 'baseline')}. ` +
          `PostgreSQL used ${server.cpu.postgresPercent.toFixed(0)}% and ${raw.cpu.postgresPercent.toFixed(0)}% of a core.`,
        `CPU ms/req: the measured process (the api process for the server, whose worker's share is not in it) and every PostgreSQL ` +
          `backend, CPU seconds over the measured window ÷ requests. The server records one access event per kind on the page, ` +
          `naming its records (${kindsPerPage.toFixed(1)} per answer over the checked pages: ` +
          `${count(Math.round(kindsPerPage * server.measured.requestsPerSecond))} events/s at ${high} connections, ` +
          `${count(Math.round(kindsPerPage * serverLow.measured.requestsPerSecond))} at ${low}), which its relay and audit writer ` +
          `carry on after the load (the settling times below); the baseline writes as many rows, to a table of its own.`,
        `Closed loop: at ${high} connections mean latency ≈ ${high} ÷ throughput ` +
          `(${ms((1000 * high) / server.measured.requestsPerSecond)} here), so the p99 target needs the lower concurrency line.`,
        ...comparison.notes,
      ],
      detail: { plan: explained.plan, kindsPerPage },
    };
  },
};
