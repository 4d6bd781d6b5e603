import { randomUUID } from 'node:crypto';
import { encryptField, type Keyring } from '@hms/crypto';
import type pg from 'pg';
import type { TimelineKind } from '../../src/modules/emr/domain/timeline-kind.js';
import {
  bodyMassIndex,
  BMI_CODE,
  interpretationOf,
  MEASURED_VITAL_CODES,
  VITAL_SIGNS,
  type VitalCode,
} from '../../src/modules/emr/domain/vital-signs.js';
import { randomSource } from './synthetic-patients.js';

/** Where seeded timeline entries belong: the fixture's hospital, department and doctor, so the doctor is in scope. */
export interface TimelineSeedTarget {
  readonly patientIds: readonly string[];
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly doctorId: string;
  /** The server's PII keyring: note texts and allergy substances are encrypted with it, bound to their rows. */
  readonly piiKeyring: Keyring;
}

/** How one kind is seeded: entries per patient, and the statements that write them (run in order, in one transaction). */
export interface TimelineKindSeed {
  readonly perPatient: number;
  readonly tables: readonly string[];
  statements(target: TimelineSeedTarget, perPatient: number): readonly { sql: string; params: unknown[] }[];
}

/** Encounters per patient; every other kind hangs off some of them. */
const ENCOUNTERS = 60;
/** Encounters (1 = newest) left void: nothing clinical is recorded on them. */
const CANCELLED = new Set([17, 41]);
const ENTERED_IN_ERROR = new Set([29]);
/** The encounters that take entries, newest first. */
const OPEN_TO_ENTRIES = Array.from({ length: ENCOUNTERS }, (_, i) => i + 1).filter(
  (n) => !CANCELLED.has(n) && !ENTERED_IN_ERROR.has(n),
);

/** k of the encounters that take entries, spread over the patient's history (newest always among them). */
function spreadEncounters(k: number): number[] {
  if (k > OPEN_TO_ENTRIES.length) throw new Error(`at most ${OPEN_TO_ENTRIES.length} entries of a kind per patient`);
  return Array.from({ length: k }, (_, i) => OPEN_TO_ENTRIES[Math.floor((i * OPEN_TO_ENTRIES.length) / k)]);
}

/**
 * The seeded encounters of the target's patients with their ordinal n (1 =
 * newest): entry statements join it on (patient, n). An entry at `fraction`
 * of its encounter's period sits inside it; an open encounter's period runs
 * to now.
 */
const SEEDED_ENCOUNTERS = `
  enc AS (
    SELECT e.id, e.patient_id, e.class, e.status, e.responsible_user_ids, e.period_start,
           COALESCE(e.period_end, now()) - e.period_start AS span,
           row_number() OVER (PARTITION BY e.patient_id ORDER BY e.period_start DESC) AS n
      FROM encounters e
     WHERE e.patient_id = ANY($1::uuid[]) AND e.account_number LIKE 'B%'
  )`;

/** One row per patient and chosen encounter: the patient ids and ns as two parallel arrays. */
function perEncounter(target: TimelineSeedTarget, ns: readonly number[]) {
  const patients: string[] = [];
  const ordinals: number[] = [];
  for (const patientId of target.patientIds) {
    for (const n of ns) {
      patients.push(patientId);
      ordinals.push(n);
    }
  }
  return { patients, ordinals };
}

/**
 * Encounters: one visit about every four months going back twenty years,
 * mostly outpatient, finished with a period that fits the class; the newest
 * still in progress; two cancelled and one entered in error (the same
 * ordinals for every patient, so the other kinds avoid them). Attended by the
 * fixture's doctor in its department. The reason and status reason stay NULL
 * (the timeline decrypts nothing), so pii_key_id is NULL too. Account
 * numbers `B` + 9 digits never meet the server's generated `V…` ones. Like
 * every new encounter, each patient gets care links to the hospital and the
 * doctor.
 */
const encounters: TimelineKindSeed = {
  perPatient: ENCOUNTERS,
  tables: ['encounters', 'patient_care_links'],
  statements: (target, perPatient) => [
    {
      sql: `
        WITH slot AS (
          SELECT p.patient_id, p.ord, g.n, random() AS r, random() AS c,
                 now() - make_interval(days => (g.n - 1) * 122 + CASE WHEN g.n = 1 THEN 0 ELSE floor(random() * 60)::int END,
                                       mins => 60 + floor(random() * 540)::int) AS started
            FROM unnest($1::uuid[]) WITH ORDINALITY AS p(patient_id, ord)
           CROSS JOIN generate_series(1, $5::int) AS g(n)
        ), shaped AS (
          SELECT s.*,
                 CASE WHEN s.c < 0.70 THEN 'AMB' WHEN s.c < 0.82 THEN 'EMER' WHEN s.c < 0.92 THEN 'VR' ELSE 'IMP' END AS class,
                 CASE WHEN s.n = 1 THEN 'in-progress' WHEN s.n = ANY($6::int[]) THEN 'cancelled'
                      WHEN s.n = ANY($7::int[]) THEN 'entered-in-error' ELSE 'finished' END AS status
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
      params: [
        target.patientIds,
        target.hospitalId,
        target.departmentId,
        target.doctorId,
        perPatient,
        [...CANCELLED],
        [...ENTERED_IN_ERROR],
      ],
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

/** What every seeded note says: invented, no person in it. Encrypted per row, so GET /notes/:id reads it. */
const NOTE_TEXT = 'Seeded progress note: reviewed, stable, plan unchanged. Synthetic text for load measurements.';

/**
 * Notes: one on each of `perPatient` encounters, written by the doctor at
 * 70% of the visit. Signed (`final`, version 2: written, then signed five
 * minutes later, capped at now) on finished encounters, a draft
 * (`preliminary`, unsigned) on the one in progress. Originals all:
 * original_note_id = id, no amendment, not late. The type follows the
 * class (admission for inpatient stays) with some consultations and
 * nursing notes. The text is the server's own ciphertext under its PII
 * keyring, bound to (clinical_notes, text, id): ids are made here so each
 * row's text is encrypted for that row.
 */
const notes: TimelineKindSeed = {
  perPatient: 50,
  tables: ['clinical_notes'],
  statements: (target, perPatient) => {
    const { patients, ordinals } = perEncounter(target, spreadEncounters(perPatient));
    const ids = patients.map(() => randomUUID());
    const texts = ids.map((id) =>
      encryptField(target.piiKeyring, NOTE_TEXT, { table: 'clinical_notes', column: 'text', rowId: id }),
    );
    return [
      {
        sql: `
          WITH ${SEEDED_ENCOUNTERS}, x AS (
            SELECT x.*, e.id AS encounter_id, e.class, e.status AS encounter_status, e.responsible_user_ids,
                   e.period_start + e.span * 0.7 AS written, random() AS r
              FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::text[]) AS x(patient_id, n, id, text)
              JOIN enc e ON e.patient_id = x.patient_id AND e.n = x.n
          )
          INSERT INTO clinical_notes (id, encounter_id, patient_id, hospital_id, department_id, responsible_user_ids, type_code,
                                      status, author_id, text, late_entry, original_note_id, pii_key_id, signed_at, version,
                                      created_at, updated_at)
          SELECT x.id, x.encounter_id, x.patient_id, $6::uuid, $7::uuid, x.responsible_user_ids,
                 CASE WHEN x.class = 'IMP' THEN '51849-8' WHEN x.r < 0.15 THEN '11488-4' WHEN x.r < 0.25 THEN '34746-8'
                      ELSE '11506-3' END,
                 CASE WHEN x.encounter_status = 'in-progress' THEN 'preliminary' ELSE 'final' END,
                 $8::uuid, x.text, false, x.id, $9::text,
                 CASE WHEN x.encounter_status = 'in-progress' THEN NULL
                      ELSE LEAST(x.written + interval '5 minutes', now()) END,
                 CASE WHEN x.encounter_status = 'in-progress' THEN 1 ELSE 2 END,
                 x.written,
                 CASE WHEN x.encounter_status = 'in-progress' THEN x.written
                      ELSE LEAST(x.written + interval '5 minutes', now()) END
            FROM x`,
        params: [
          target.patientIds,
          patients,
          ordinals,
          ids,
          texts,
          target.hospitalId,
          target.departmentId,
          target.doctorId,
          target.piiKeyring.activeKeyId,
        ],
      },
    ];
  },
};

/** A few ICD-10 codes (the form the server checks) with their display texts; the catalogue itself is not loaded. */
const DIAGNOSES: readonly (readonly [string, string])[] = [
  ['J06.9', 'Acute upper respiratory infection, unspecified'],
  ['I10', 'Essential (primary) hypertension'],
  ['E11.9', 'Type 2 diabetes mellitus without complications'],
  ['M54.5', 'Low back pain'],
  ['K21.9', 'Gastro-oesophageal reflux disease without oesophagitis'],
  ['R51', 'Headache'],
  ['N39.0', 'Urinary tract infection, site not specified'],
  ['J45.9', 'Asthma, unspecified'],
];
const PROBLEMS: readonly (readonly [string, string])[] = [
  ['I10', 'Essential (primary) hypertension'],
  ['E11.9', 'Type 2 diabetes mellitus without complications'],
  ['E78.5', 'Hyperlipidaemia, unspecified'],
  ['J45.9', 'Asthma, unspecified'],
  ['M17.1', 'Other primary gonarthrosis'],
];

/**
 * Diagnoses: one on each of `perPatient` encounters, the encounter's primary
 * (one per encounter, as the unique index asks), recorded by the doctor at
 * 60% of the visit; confirmed and resolved on finished encounters,
 * provisional and active on the open one. No note, so no key id.
 */
const diagnoses: TimelineKindSeed = {
  perPatient: 30,
  tables: ['conditions'],
  statements: (target, perPatient) => {
    const { patients, ordinals } = perEncounter(target, spreadEncounters(perPatient));
    return [
      {
        sql: `
          WITH ${SEEDED_ENCOUNTERS}, codes AS (
            SELECT c.code, c.display, c.ord - 1 AS i FROM unnest($6::text[], $7::text[]) WITH ORDINALITY AS c(code, display, ord)
          ), x AS (
            SELECT x.*, e.id AS encounter_id, e.status AS encounter_status, e.responsible_user_ids,
                   e.period_start + e.span * 0.6 AS recorded, floor(random() * $8::int)::int AS i
              FROM unnest($2::uuid[], $3::int[]) AS x(patient_id, n)
              JOIN enc e ON e.patient_id = x.patient_id AND e.n = x.n
          )
          INSERT INTO conditions (id, category, patient_id, hospital_id, department_id, responsible_user_ids, encounter_id, code,
                                  display, clinical_status, verification_status, is_primary, recorder_id, recorded_at,
                                  late_entry, version, created_at, updated_at)
          SELECT gen_random_uuid(), 'encounter-diagnosis', x.patient_id, $4::uuid, $5::uuid, x.responsible_user_ids,
                 x.encounter_id, c.code, c.display,
                 CASE WHEN x.encounter_status = 'in-progress' THEN 'active' ELSE 'resolved' END,
                 CASE WHEN x.encounter_status = 'in-progress' THEN 'provisional' ELSE 'confirmed' END,
                 true, $9::uuid, x.recorded, false, 1, x.recorded, x.recorded
            FROM x JOIN codes c ON c.i = x.i`,
        params: [
          target.patientIds,
          patients,
          ordinals,
          target.hospitalId,
          target.departmentId,
          DIAGNOSES.map(([code]) => code),
          DIAGNOSES.map(([, display]) => display),
          DIAGNOSES.length,
          target.doctorId,
        ],
      },
    ];
  },
};

/**
 * Problems: long-term conditions recorded from `perPatient` encounters at
 * 80% of the visit, patient-wide as the server writes them (the writer's
 * hospital and department, the writer as responsible user), with an onset a
 * few months before; mostly active, some resolved with an abatement date.
 * Confirmed, never primary.
 */
const problems: TimelineKindSeed = {
  perPatient: 10,
  tables: ['conditions'],
  statements: (target, perPatient) => {
    const { patients, ordinals } = perEncounter(target, spreadEncounters(perPatient));
    return [
      {
        sql: `
          WITH ${SEEDED_ENCOUNTERS}, codes AS (
            SELECT c.code, c.display, c.ord - 1 AS i FROM unnest($6::text[], $7::text[]) WITH ORDINALITY AS c(code, display, ord)
          ), x AS (
            SELECT x.*, e.id AS encounter_id, e.period_start + e.span * 0.8 AS recorded,
                   floor(random() * $8::int)::int AS i, random() AS r
              FROM unnest($2::uuid[], $3::int[]) AS x(patient_id, n)
              JOIN enc e ON e.patient_id = x.patient_id AND e.n = x.n
          )
          INSERT INTO conditions (id, category, patient_id, hospital_id, department_id, responsible_user_ids, encounter_id, code,
                                  display, clinical_status, verification_status, is_primary, onset_date, abatement_date,
                                  recorder_id, recorded_at, late_entry, version, created_at, updated_at)
          SELECT gen_random_uuid(), 'problem-list-item', x.patient_id, $4::uuid, $5::uuid, ARRAY[$9::uuid], x.encounter_id,
                 c.code, c.display, CASE WHEN x.r < 0.2 THEN 'resolved' ELSE 'active' END, 'confirmed', false,
                 (x.recorded - make_interval(days => 30 + floor(x.r * 300)::int))::date,
                 CASE WHEN x.r < 0.2 THEN x.recorded::date END,
                 $9::uuid, x.recorded, false, 1, x.recorded, x.recorded
            FROM x JOIN codes c ON c.i = x.i`,
        params: [
          target.patientIds,
          patients,
          ordinals,
          target.hospitalId,
          target.departmentId,
          PROBLEMS.map(([code]) => code),
          PROBLEMS.map(([, display]) => display),
          PROBLEMS.length,
          target.doctorId,
        ],
      },
    ];
  },
};

/** Around a typical adult's values, now and then outside the normal range (so some flags are L, H or worse). */
const TYPICAL: Readonly<Record<Exclude<VitalCode, typeof BMI_CODE>, readonly [centre: number, spread: number]>> = {
  '8867-4': [76, 18],
  '8480-6': [124, 18],
  '8462-4': [78, 10],
  '8310-5': [36.8, 0.6],
  '9279-1': [16, 4],
  '59408-5': [97, 2.5],
  '29463-7': [78, 14],
  '8302-2': [172, 9],
};

/**
 * A typical set of the eight measured vitals and its BMI, as the server
 * would store it: values at each code's scale and within what is possible,
 * the diastolic below the systolic, interpretations and the BMI from the
 * domain's own functions.
 */
export function typicalVitalSet(random: () => number) {
  const values = new Map<VitalCode, number>();
  for (const code of MEASURED_VITAL_CODES) {
    const [centre, spread] = TYPICAL[code];
    const { scale, possible } = VITAL_SIGNS[code];
    const raw = centre + (random() + random() + random() - 1.5) * spread;
    const clamped = Math.min(possible[1], Math.max(possible[0], raw));
    values.set(code, Number(clamped.toFixed(scale)));
  }
  if (values.get('8462-4')! >= values.get('8480-6')!) values.set('8462-4', values.get('8480-6')! - 30);
  values.set(BMI_CODE, bodyMassIndex(values.get('29463-7')!, values.get('8302-2')!));
  return [...values].map(([code, value]) => ({
    code,
    value,
    unit: VITAL_SIGNS[code].unit,
    interpretation: interpretationOf(code, value),
    derived: code === BMI_CODE,
  }));
}

/**
 * Vitals: a full set (eight measured, the BMI computed) on each of
 * `perPatient` encounters, measured at 10% of the visit and recorded by the
 * doctor, with the encounter's scope columns, as the server writes them;
 * one observation per code, each code with its unit, the interpretation the
 * domain gives the value. Values are made here with the domain's functions,
 * then inserted from arrays.
 */
const vitals: TimelineKindSeed = {
  perPatient: 45,
  tables: ['vital_sets', 'vital_observations'],
  statements: (target, perPatient) => {
    const { patients, ordinals } = perEncounter(target, spreadEncounters(perPatient));
    const setIds = patients.map(() => randomUUID());
    const random = randomSource(39_156);
    const observation = {
      id: [] as string[],
      setId: [] as string[],
      code: [] as string[],
      value: [] as number[],
      unit: [] as string[],
      interpretation: [] as (string | null)[],
      derived: [] as boolean[],
    };
    for (const setId of setIds) {
      for (const o of typicalVitalSet(random)) {
        observation.id.push(randomUUID());
        observation.setId.push(setId);
        observation.code.push(o.code);
        observation.value.push(o.value);
        observation.unit.push(o.unit);
        observation.interpretation.push(o.interpretation);
        observation.derived.push(o.derived);
      }
    }
    return [
      {
        sql: `
          WITH ${SEEDED_ENCOUNTERS}
          INSERT INTO vital_sets (id, encounter_id, patient_id, hospital_id, department_id, responsible_user_ids, recorded_by,
                                  effective_at, late_entry, version, created_at, updated_at)
          SELECT x.id, e.id, x.patient_id, $5::uuid, $6::uuid, e.responsible_user_ids, $7::uuid,
                 e.period_start + e.span * 0.1, false, 1, e.period_start + e.span * 0.1, e.period_start + e.span * 0.1
            FROM unnest($2::uuid[], $3::int[], $4::uuid[]) AS x(patient_id, n, id)
            JOIN enc e ON e.patient_id = x.patient_id AND e.n = x.n`,
        params: [target.patientIds, patients, ordinals, setIds, target.hospitalId, target.departmentId, target.doctorId],
      },
      {
        sql: `
          INSERT INTO vital_observations (id, set_id, encounter_id, patient_id, hospital_id, department_id, responsible_user_ids,
                                          recorded_by, code, value, unit, interpretation, derived, effective_at, late_entry,
                                          version, created_at, updated_at)
          SELECT x.id, s.id, s.encounter_id, s.patient_id, s.hospital_id, s.department_id, s.responsible_user_ids, s.recorded_by,
                 x.code, x.value, x.unit, x.interpretation, x.derived, s.effective_at, s.late_entry, 1, s.created_at, s.created_at
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::numeric[], $5::text[], $6::text[], $7::boolean[])
                   AS x(id, set_id, code, value, unit, interpretation, derived)
            JOIN vital_sets s ON s.id = x.set_id`,
        params: [
          observation.id,
          observation.setId,
          observation.code,
          observation.value,
          observation.unit,
          observation.interpretation,
          observation.derived,
        ],
      },
    ];
  },
};

/** Substances (invented wording, encrypted as the server stores it) with how they are recorded. */
const ALLERGENS: readonly {
  readonly substance: string;
  readonly type: 'allergy' | 'intolerance';
  readonly category: string;
  readonly criticality: 'low' | 'high';
  readonly severity: 'mild' | 'moderate' | 'severe';
}[] = [
  { substance: 'Penicillin', type: 'allergy', category: 'medication', criticality: 'high', severity: 'severe' },
  { substance: 'Peanut', type: 'allergy', category: 'food', criticality: 'high', severity: 'moderate' },
  { substance: 'Lactose', type: 'intolerance', category: 'food', criticality: 'low', severity: 'mild' },
  { substance: 'House dust mite', type: 'allergy', category: 'environment', criticality: 'low', severity: 'mild' },
  { substance: 'Codeine', type: 'intolerance', category: 'medication', criticality: 'low', severity: 'moderate' },
];
/** The reactions' manifestations as the server stores them: a JSON array, one per severity in reaction_severities. */
const REACTIONS = JSON.stringify(['Rash and itching']);

/**
 * Allergies: `perPatient` different substances, each recorded on one
 * encounter at 30% of the visit by the doctor, scoped as the server scopes
 * them (the writer's hospital and department, the writer as responsible
 * user); active and confirmed, so the allergy_assertions trigger counts
 * them (and no "no known allergies" is asserted beside them). Substance and
 * reactions are ciphertexts under the PII keyring bound to their rows, the
 * reactions a JSON array of manifestations beside their severities, as the
 * server writes them.
 */
const allergies: TimelineKindSeed = {
  perPatient: 5,
  tables: ['allergy_intolerances', 'allergy_assertions'],
  statements: (target, perPatient) => {
    if (perPatient > ALLERGENS.length) throw new Error(`at most ${ALLERGENS.length} allergies per patient`);
    const { patients, ordinals } = perEncounter(target, spreadEncounters(perPatient));
    const ids = patients.map(() => randomUUID());
    const allergen = ids.map((_, i) => ALLERGENS[i % perPatient]);
    const bound = (id: string, column: string, text: string) =>
      encryptField(target.piiKeyring, text, { table: 'allergy_intolerances', column, rowId: id });
    return [
      {
        sql: `
          WITH ${SEEDED_ENCOUNTERS}, x AS (
            SELECT x.*, e.id AS encounter_id, e.period_start + e.span * 0.3 AS recorded
              FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                          $10::text[]) AS x(patient_id, n, id, substance, reactions, type, category, criticality, severity)
              JOIN enc e ON e.patient_id = x.patient_id AND e.n = x.n
          )
          INSERT INTO allergy_intolerances (id, patient_id, hospital_id, department_id, responsible_user_ids, encounter_id,
                                            recorded_by, kind, substance_text, type, categories, criticality, reactions_text,
                                            reaction_severities, clinical_status, verification_status, pii_key_id, version,
                                            created_at, updated_at, listed_at)
          SELECT x.id, x.patient_id, $11::uuid, $12::uuid, ARRAY[$13::uuid], x.encounter_id, $13::uuid, 'substance',
                 x.substance, x.type, ARRAY[x.category], x.criticality, x.reactions, ARRAY[x.severity], 'active', 'confirmed',
                 $14::text, 1, x.recorded, x.recorded, x.recorded
            FROM x`,
        params: [
          target.patientIds,
          patients,
          ordinals,
          ids,
          ids.map((id, i) => bound(id, 'substance_text', allergen[i].substance)),
          ids.map((id) => bound(id, 'reactions_text', REACTIONS)),
          allergen.map((a) => a.type),
          allergen.map((a) => a.category),
          allergen.map((a) => a.criticality),
          allergen.map((a) => a.severity),
          target.hospitalId,
          target.departmentId,
          target.doctorId,
          target.piiKeyring.activeKeyId,
        ],
      },
    ];
  },
};

/** Every kind the timeline shows, seeded: a kind added to TIMELINE_KINDS needs its entry here. Encounters first. */
export const TIMELINE_SEEDS: Readonly<Record<TimelineKind, TimelineKindSeed>> = {
  encounter: encounters,
  note: notes,
  diagnosis: diagnoses,
  problem: problems,
  vitals,
  allergy: allergies,
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
