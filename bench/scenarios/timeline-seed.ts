import type pg from 'pg';
import type { TimelineKind } from '../../src/modules/emr/domain/timeline-kind.js';

/** Where seeded timeline entries belong: the fixture's hospital, department and doctor, so the doctor is in scope. */
export interface TimelineSeedTarget {
  readonly patientIds: readonly string[];
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly doctorId: string;
}

/** How one kind is seeded: entries per patient, and the statements that write them (run in order, in one transaction). */
export interface TimelineKindSeed {
  readonly perPatient: number;
  readonly tables: readonly string[];
  statements(target: TimelineSeedTarget, perPatient: number): readonly { sql: string; params: unknown[] }[];
}

/**
 * Encounters: one visit about every five weeks going back from now, mostly
 * outpatient, finished with a period that fits the class; the newest still in
 * progress; a few cancelled or entered in error. Attended by the fixture's
 * doctor in its department. The reason and status reason stay NULL (the
 * timeline decrypts nothing), so pii_key_id is NULL too. Account numbers
 * `B` + 9 digits never meet the server's generated `V…` ones. Like every new
 * encounter, each patient gets care links to the hospital and the doctor.
 */
const encounters: TimelineKindSeed = {
  perPatient: 200,
  tables: ['encounters', 'patient_care_links'],
  statements: (target, perPatient) => [
    {
      sql: `
        WITH slot AS (
          SELECT p.patient_id, p.ord, g.n, random() AS r, random() AS c,
                 now() - make_interval(days => (g.n - 1) * 36 + CASE WHEN g.n = 1 THEN 0 ELSE floor(random() * 20)::int END,
                                       mins => 60 + floor(random() * 540)::int) AS started
            FROM unnest($1::uuid[]) WITH ORDINALITY AS p(patient_id, ord)
           CROSS JOIN generate_series(1, $5::int) AS g(n)
        ), shaped AS (
          SELECT s.*,
                 CASE WHEN s.c < 0.70 THEN 'AMB' WHEN s.c < 0.82 THEN 'EMER' WHEN s.c < 0.92 THEN 'VR' ELSE 'IMP' END AS class,
                 CASE WHEN s.n = 1 THEN 'in-progress' WHEN s.r < 0.03 THEN 'cancelled'
                      WHEN s.r < 0.04 THEN 'entered-in-error' ELSE 'finished' END AS status
            FROM slot s
        ), timed AS (
          SELECT h.*,
                 CASE WHEN h.status = 'in-progress' THEN NULL
                      WHEN h.class = 'AMB' THEN h.started + make_interval(mins => 15 + floor(h.r * 45)::int)
                      WHEN h.class = 'EMER' THEN h.started + make_interval(mins => 90 + floor(h.r * 400)::int)
                      WHEN h.class = 'VR' THEN h.started + make_interval(mins => 10 + floor(h.r * 20)::int)
                      ELSE h.started + make_interval(days => 1 + floor(h.r * 9)::int) END AS ended
            FROM shaped h
        )
        INSERT INTO encounters (id, patient_id, hospital_id, department_id, class, status, attending_practitioner_id,
                                account_number, period_start, period_end, version, created_at, updated_at)
        SELECT gen_random_uuid(), t.patient_id, $2::uuid, $3::uuid, t.class, t.status, $4::uuid,
               'B' || lpad(((t.ord - 1) * $5::int + t.n)::text, 9, '0'), t.started, t.ended,
               CASE t.status WHEN 'in-progress' THEN 1 WHEN 'finished' THEN 2 WHEN 'cancelled' THEN 2 ELSE 3 END,
               t.started - make_interval(days => floor(t.c * 30)::int), COALESCE(t.ended, t.started)
          FROM timed t`,
      params: [target.patientIds, target.hospitalId, target.departmentId, target.doctorId, perPatient],
    },
    {
      sql: `
        INSERT INTO patient_care_links (patient_id, kind, ref_id, source)
        SELECT p.patient_id, l.kind, l.ref_id, 'emr.encounter'
          FROM unnest($1::uuid[]) AS p(patient_id)
         CROSS JOIN (VALUES ('hospital', $2::uuid), ('department', $3::uuid), ('user', $4::uuid)) AS l(kind, ref_id)
        ON CONFLICT DO NOTHING`,
      params: [target.patientIds, target.hospitalId, target.departmentId, target.doctorId],
    },
  ],
};

/** Every kind the timeline shows, seeded: a kind added to TIMELINE_KINDS needs its entry here. */
export const TIMELINE_SEEDS: Readonly<Record<TimelineKind, TimelineKindSeed>> = {
  encounter: encounters,
};

/** Timeline entries per patient, every kind together. */
export const TIMELINE_ENTRIES_PER_PATIENT = Object.values(TIMELINE_SEEDS).reduce((sum, kind) => sum + kind.perPatient, 0);

export interface TimelineSeedResult {
  readonly patients: number;
  readonly entries: number;
  readonly perKind: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly analyzeSeconds: number;
}

/** Writes every kind's entries for the patients in one transaction, then ANALYZEs the tables written. */
export async function seedTimeline(db: pg.Pool, target: TimelineSeedTarget): Promise<TimelineSeedResult> {
  const startedAt = performance.now();
  const client = await db.connect();
  const perKind: Record<string, number> = {};
  const tables = new Set<string>();
  try {
    await client.query('BEGIN');
    for (const [kind, seed] of Object.entries(TIMELINE_SEEDS) as [TimelineKind, TimelineKindSeed][]) {
      for (const { sql, params } of seed.statements(target, seed.perPatient)) await client.query(sql, params);
      perKind[kind] = seed.perPatient * target.patientIds.length;
      seed.tables.forEach((table) => tables.add(table));
    }
    await client.query('COMMIT');
    const analyzedAt = performance.now();
    await client.query(`ANALYZE ${[...tables].join(', ')}`);
    const done = performance.now();
    return {
      patients: target.patientIds.length,
      entries: Object.values(perKind).reduce((sum, n) => sum + n, 0),
      perKind,
      seconds: (done - startedAt) / 1000,
      analyzeSeconds: (done - analyzedAt) / 1000,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
