import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config.js';
import { expectStatus } from '../api-client.js';
import type { HttpRequestSpec } from '../load/load-protocol.js';
import type { LoadSpec } from '../load/run-loads.js';
import { waitForOutboxSettled } from '../samplers/backlog-sampler.js';
import type { BenchContext, Measurement } from '../scenario.js';
import type { SeedSample } from './patient-seed-protocol.js';
import { seedPatients, type SeedResult } from './patient-seed.js';
import { randomSource, syntheticPatient } from './synthetic-patients.js';

/** Re-sign in before the 15-minute access token can expire in the middle of a load. */
const TOKEN_RENEW_MS = 10 * 60_000;
/** Requests in a read pool: each a different patient (or name and birth date) from the sample. */
const READ_POOL = 10_000;
/** Distinct registration bodies; the unique placeholder makes every request a new person anyway. */
const WRITE_POOL = 1_000;
/** Replaced in each registration by a value unique to the request (see UniqueValues). */
const UNIQUE = '__unique__';
/** Longest wait for the previous load's events to be published, audited and dispatched. */
const SETTLE_TIMEOUT_MS = 180_000;

/** A staff account the harness created, with the password it signs in with. */
export interface StaffAccount {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

/** What the patient scenarios (3-7) share: one hospital and department, a doctor, a receptionist, the seeded patients. */
export interface PatientFixture {
  readonly hospitalId: string;
  readonly departmentId: string;
  /** The doctor's user id: the attending practitioner of seeded clinical records. */
  readonly doctorId: string;
  readonly seed: SeedResult;
  doctorToken(): Promise<string>;
  receptionistToken(): Promise<string>;
  /** The seeding's line of the results table, for the scenario that triggered it (once). */
  takeSeedingMeasurement(): Measurement | undefined;
}

let fixture: Promise<PatientFixture> | undefined;

const count = (n: number) => n.toLocaleString('en-US');

/** POST as the administrator; 201 expected. */
export async function createAsAdmin<T>(ctx: BenchContext, path: string, json: unknown, what: string): Promise<T> {
  const res = await ctx.api.request<T>('POST', path, { token: await ctx.adminToken(), json });
  expectStatus(res, 201, what);
  return res.body;
}

/** A staff account of one role at a hospital (and department), created by the administrator. */
export async function createStaff(
  ctx: BenchContext,
  account: {
    readonly role: string;
    readonly email: string;
    readonly hospitalId: string;
    readonly departmentId: string | null;
    readonly displayName?: string;
    readonly profession?: string;
  },
): Promise<StaffAccount> {
  const { role, email, hospitalId, departmentId, profession } = account;
  const password = randomBytes(24).toString('base64url');
  const user = await createAsAdmin<{ id: string }>(
    ctx,
    '/api/v1/users',
    {
      email,
      displayName: account.displayName ?? `Bench ${role}`,
      password,
      roles: [role],
      hospitalId,
      departmentId,
      ...(profession ? { profession } : {}),
    },
    `creating the ${role} ${email}`,
  );
  return { id: user.id, email, password };
}

/** The account's access token: signed in on first use, and again before it can expire. */
export function renewingToken(ctx: BenchContext, account: StaffAccount): () => Promise<string> {
  let held: { token: string; at: number } | undefined;
  return async () => {
    if (!held || Date.now() - held.at > TOKEN_RENEW_MS) {
      held = { token: (await ctx.api.signIn(account.email, account.password)).accessToken, at: Date.now() };
    }
    return held.token;
  };
}

async function build(ctx: BenchContext): Promise<PatientFixture> {
  const hospital = await createAsAdmin<{ id: string }>(
    ctx,
    '/api/v1/hospitals',
    { name: 'Bench General Hospital', address: '1 Bench Road, Benchton', isActive: true },
    'registering the bench hospital',
  );
  const department = await createAsAdmin<{ id: string }>(
    ctx,
    `/api/v1/hospitals/${hospital.id}/departments`,
    { name: 'Bench Medicine', code: 'BENCH' },
    'creating the bench department',
  );
  const at = { hospitalId: hospital.id, departmentId: department.id };
  // The doctor reads through patients:read:department: every seeded patient is linked to this department.
  const doctor = await createStaff(ctx, { role: 'doctor', email: 'bench.doctor@bench.hms', ...at });
  // The receptionist registers at their own hospital; in the department too, so what they register is linked to it.
  const receptionist = await createStaff(ctx, { role: 'receptionist', email: 'bench.reception@bench.hms', ...at });

  const patients = ctx.options.patients;
  ctx.log(`  seeding ${count(patients)} patients (encrypted, indexed, linked to the department) with COPY`);
  const seed = await seedPatients(ctx.db, loadConfig(ctx.serverEnv), {
    count: patients,
    hospitalId: hospital.id,
    departmentId: department.id,
  });
  ctx.log(
    `  seeded in ${seed.seconds.toFixed(1)} s (${count(Math.round(patients / seed.seconds))} patients/s; COPY on ` +
      `${seed.threads} threads ${seed.copySeconds.toFixed(1)} s, indexes ${seed.indexSeconds.toFixed(1)} s, ` +
      `ANALYZE ${seed.analyzeSeconds.toFixed(1)} s); ${count(seed.sample.length)} kept for the pools`,
  );

  let seedingReported = false;
  return {
    hospitalId: hospital.id,
    departmentId: department.id,
    doctorId: doctor.id,
    seed,
    doctorToken: renewingToken(ctx, doctor),
    receptionistToken: renewingToken(ctx, receptionist),
    takeSeedingMeasurement() {
      if (seedingReported) return undefined;
      seedingReported = true;
      return {
        label:
          `Seeding ${count(patients)} patients and their care links: ${seed.seconds.toFixed(1)} s ` +
          `(COPY ${seed.copySeconds.toFixed(1)} s on ${seed.threads} threads, indexes ${seed.indexSeconds.toFixed(1)} s, ` +
          `ANALYZE ${seed.analyzeSeconds.toFixed(1)} s)`,
        rate: { value: patients / seed.seconds, unit: 'rows/s' },
        errors: { unexpected: 0, socket: 0, timeouts: 0 },
        detail: { ...seed, sample: seed.sample.length },
      };
    },
  };
}

/** The shared set-up, made by whichever patient scenario runs first. */
export function patientFixture(ctx: BenchContext): Promise<PatientFixture> {
  fixture ??= build(ctx);
  return fixture;
}

/** n entries of the sample, spread over it. */
function spread(sample: readonly SeedSample[], n: number): SeedSample[] {
  const step = Math.max(1, Math.floor(sample.length / n));
  const picked: SeedSample[] = [];
  for (let i = 0; i < sample.length && picked.length < n; i += step) picked.push(sample[i]);
  return picked;
}

/** Scenario 3's requests: GET /patients/:id of seeded patients. */
export function getRequests(fx: PatientFixture, token: string): HttpRequestSpec[] {
  return spread(fx.seed.sample, READ_POOL).map((p) => ({
    method: 'GET',
    path: `/api/v1/patients/${p.id}`,
    headers: { authorization: `Bearer ${token}` },
  }));
}

/** Scenario 4's requests: GET /patients?lastName=&dateOfBirth= of seeded patients (each finds at least that one). */
export function searchRequests(fx: PatientFixture, token: string): HttpRequestSpec[] {
  return spread([...fx.seed.sample].reverse(), READ_POOL).map((p) => ({
    method: 'GET',
    path: `/api/v1/patients?lastName=${encodeURIComponent(p.lastName)}&dateOfBirth=${p.dateOfBirth}`,
    headers: { authorization: `Bearer ${token}` },
  }));
}

/**
 * Scenario 5's requests: complete registrations at the seeded hospital. The
 * last name and email carry a value unique to each request; the last name
 * holds a space, which no seeded name does, so no registration meets a
 * possible duplicate (409) and none needs ?allowDuplicate.
 */
export function registerRequests(fx: PatientFixture, token: string): HttpRequestSpec[] {
  const random = randomSource(104_729);
  return Array.from({ length: WRITE_POOL }, (_, i) => {
    const person = syntheticPatient(random, i);
    const body = {
      ...person,
      lastName: `${person.lastName} ${UNIQUE}`,
      email: `${person.firstName.toLowerCase()}.${UNIQUE}@example.test`,
      registeringHospitalId: fx.hospitalId,
    };
    return {
      method: 'POST',
      path: '/api/v1/patients',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  });
}

/** The unique values of a registration load; `prefix` keeps two loads' values apart. */
export function uniqueRegistrations(prefix: string): NonNullable<LoadSpec['unique']> {
  return { placeholder: UNIQUE, prefix };
}

/**
 * Waits until the outbox has nothing left for the relay, the audit store or
 * the event handlers, so a load does not compete with the previous one's
 * backlog; answers the seconds it took (undefined: it did not settle in time).
 */
export function settleOutbox(ctx: BenchContext): Promise<number | undefined> {
  return waitForOutboxSettled(ctx.db, SETTLE_TIMEOUT_MS);
}
