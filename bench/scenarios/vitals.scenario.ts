import type { HttpRequestSpec } from '../load/load-protocol.js';
import { processCpu, type LoadResult, type LoadSpec } from '../load/run-loads.js';
import type { BenchContext, Scenario } from '../scenario.js';
import { compareWithBaseline, comparisonMeasurements } from './baseline-comparison.js';
import { patientFixture, type PatientFixture } from './patient-fixture.js';
import { randomSource } from './synthetic-patients.js';
import { typicalVitalSet } from './timeline-seed.js';

/** In-progress encounters the sets are recorded on, one per patient: each request picks one at random. */
const ENCOUNTERS = 1_000;
/** Distinct request bodies; each a typical set of the eight measured vitals. */
const BODIES = 50;
/** Observations each set stores: the eight sent and the BMI the server computes. */
const OBSERVATIONS_PER_SET = 9;

const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

/**
 * One in-progress outpatient encounter for each of `n` seeded patients
 * (taken from the end of the sample, away from the timeline's), started half
 * an hour ago, at the fixture's hospital and department and attended by its
 * doctor, with the care links a new encounter gives. Account numbers `W` + 9
 * digits meet neither the server's `V…` nor the timeline's `B…`.
 */
async function seedEncounters(ctx: BenchContext, fx: PatientFixture, n: number): Promise<string[]> {
  const patientIds = [...fx.seed.sample]
    .reverse()
    .slice(0, n)
    .map((p) => p.id);
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO encounters (id, patient_id, hospital_id, department_id, class, status, attending_practitioner_id,
                               account_number, period_start, version, created_at, updated_at)
       SELECT gen_random_uuid(), p.patient_id, $2::uuid, $3::uuid, 'AMB', 'in-progress', $4::uuid,
              'W' || lpad(p.ord::text, 9, '0'), now() - interval '30 minutes', 2, now() - interval '1 day',
              now() - interval '30 minutes'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS p(patient_id, ord)
       RETURNING id`,
      [patientIds, fx.hospitalId, fx.departmentId, fx.doctorId],
    );
    await client.query(
      `INSERT INTO patient_care_links (patient_id, kind, ref_id, source)
       SELECT p.patient_id, l.kind, l.ref_id, 'emr.encounter'
         FROM unnest($1::uuid[]) AS p(patient_id)
        CROSS JOIN (VALUES ('hospital', $2::uuid), ('department', $3::uuid), ('user', $4::uuid)) AS l(kind, ref_id)
       ON CONFLICT DO NOTHING`,
      [patientIds, fx.hospitalId, fx.departmentId, fx.doctorId],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE encounters');
    return rows.map((row) => row.id);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The sets and observations stored on the encounters, and sets whose observations are not exactly the nine. */
async function stored(ctx: BenchContext, encounterIds: readonly string[]) {
  const { rows } = await ctx.db.query<{ sets: string; observations: string; malformed: string; bmi: string }>(
    `SELECT count(*) AS sets, COALESCE(sum(o.n), 0) AS observations,
            count(*) FILTER (WHERE o.n <> $2::int) AS malformed, COALESCE(sum(o.bmi), 0) AS bmi
       FROM vital_sets s
       CROSS JOIN LATERAL (SELECT count(*) AS n, count(*) FILTER (WHERE v.derived AND v.code = '39156-5') AS bmi
                             FROM vital_observations v WHERE v.set_id = s.id) o
      WHERE s.encounter_id = ANY($1::uuid[])`,
    [encounterIds, OBSERVATIONS_PER_SET],
  );
  const [row] = rows;
  return {
    sets: Number(row.sets),
    observations: Number(row.observations),
    malformed: Number(row.malformed),
    bmi: Number(row.bmi),
  };
}

const created = (result: LoadResult) => (result.measured.statuses['201'] ?? 0) + (result.warmup?.statuses['201'] ?? 0);

/**
 * Runs one load and checks what it stored: every set with its nine
 * observations (the BMI computed among them), and at least as many sets as
 * 201s. More sets than 201s are requests the load generator did not count
 * (cut at the end of the warm-up or of the run) that still committed;
 * reported, not an error.
 */
async function loadAndCheck(
  ctx: BenchContext,
  spec: LoadSpec,
  encounterIds: readonly string[],
  target?: Parameters<BenchContext['runLoads']>[1],
) {
  const before = await stored(ctx, encounterIds);
  const [result] = await ctx.runLoads([spec], target);
  const after = await stored(ctx, encounterIds);
  const sets = after.sets - before.sets;
  const observations = after.observations - before.observations;
  const answered = created(result);
  if (after.malformed > 0 || observations !== OBSERVATIONS_PER_SET * sets || after.bmi - before.bmi !== sets) {
    throw new Error(
      `${spec.label}: ${sets} sets stored with ${observations} observations; ${OBSERVATIONS_PER_SET} each expected`,
    );
  }
  if (sets < answered) throw new Error(`${spec.label}: ${count(answered)} answers 201 but only ${count(sets)} sets stored`);
  return { result, sets, observations, answered };
}

/**
 * Scenario 11: POST /api/v1/encounters/:id/vitals as the doctor
 * (emr:write:department), a typical set of eight measured vitals (the
 * server adds the BMI), on in-progress encounters of seeded patients, at the
 * run's connections and at 32; then the same against the raw node:http
 * baseline (bench/baseline/raw-vitals.ts), in the same run. Each load's
 * 201s are checked against the sets and observations it stored.
 */
export const vitalsScenario: Scenario = {
  name: 'vitals',
  number: 11,
  title: 'POST /encounters/:id/vitals (a set of eight and the BMI) as a doctor, against a raw node:http baseline',
  async run(ctx) {
    const fx = await patientFixture(ctx);
    const patientSeeding = fx.takeSeedingMeasurement();
    const wanted = Math.min(ENCOUNTERS, fx.seed.sample.length);
    ctx.log(`  seeding ${count(wanted)} in-progress encounters, one per patient, with INSERT … SELECT`);
    const encounterIds = await seedEncounters(ctx, fx, wanted);

    const token = await fx.doctorToken();
    const random = randomSource(8_867);
    const bodies = Array.from({ length: BODIES }, () =>
      JSON.stringify({
        observations: typicalVitalSet(random)
          .filter((o) => !o.derived)
          .map(({ code, value, unit }) => ({ code, value, unit })),
      }),
    );
    const requests: HttpRequestSpec[] = encounterIds.map((id, i) => ({
      method: 'POST',
      path: `/api/v1/encounters/${id}/vitals`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: bodies[i % bodies.length],
    }));
    const landed: string[] = [];
    const comparison = await compareWithBaseline(ctx, {
      label: 'POST /encounters/:id/vitals',
      what: 'the vitals',
      baseline: 'vitals',
      requests,
      expectedStatuses: [201],
      load: async (spec, target) => {
        const run = await loadAndCheck(ctx, spec, encounterIds, target);
        landed.push(
          `${target ? 'baseline' : 'server'} × ${spec.connections}: ${count(run.answered)} answers 201, ` +
            `${count(run.sets)} sets and ${count(run.observations)} observations stored`,
        );
        return run.result;
      },
    });
    const { high, low, server, serverLow, raw, ratio, ratioLow } = comparison;
    return {
      measurements: [...(patientSeeding ? [patientSeeding] : []), ...comparisonMeasurements(comparison)],
      targets: [
        {
          target: `≥ 0.5 of the raw baseline at ${high} connections (house default)`,
          actual: ratio.toFixed(2),
          met: ratio >= 0.5,
        },
        {
          target: `p99 < 100 ms at ${low} connections (house default)`,
          actual: ms(serverLow.measured.latencyMs.p99),
          met: serverLow.measured.latencyMs.p99 < 100,
        },
        { target: `(extra) ≥ 0.5 of the raw baseline at ${low} connections`, actual: ratioLow.toFixed(2), met: ratioLow >= 0.5 },
      ],
      notes: [
        `Each request records a typical set of eight vitals (heart rate, blood pressure, temperature, respiratory rate, SpO2, ` +
          `weight, height; ${BODIES} bodies) on one of ${count(encounterIds.length)} in-progress encounters of as many seeded ` +
          `patients, drawn at random; the server adds the BMI, so each set stores ${OBSERVATIONS_PER_SET} observations.`,
        `Stored, checked after each load (the sets and observations on these encounters, each set with its ${OBSERVATIONS_PER_SET} ` +
          `and a computed BMI): ${landed.join('; ')}. Every 201 stored its set; sets beyond the 201s are requests cut at the ` +
          `end of the warm-up or of the run, which the load generator does not count, that still committed.`,
        `CPU at ${high} connections: ${processCpu(server.cpu)}; baseline run: ${processCpu(raw.cpu).replace('server', 'baseline')}. ` +
          `PostgreSQL used ${server.cpu.postgresPercent.toFixed(0)}% and ${raw.cpu.postgresPercent.toFixed(0)}% of a core.`,
        `CPU ms/req: the measured process (the api process for the server, whose worker's share is not in it) and every ` +
          `PostgreSQL backend, CPU seconds over the measured window ÷ requests. The server records one VitalsRecorded per set, ` +
          `which its relay, audit writer and handlers carry on after the load (the settling times below); the baseline writes ` +
          `its event rows to a table of its own.`,
        `The targets are the house's defaults for a scenario the issue sets none for.`,
        ...comparison.notes,
      ],
    };
  },
};
