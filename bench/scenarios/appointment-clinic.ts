import { loadConfig } from '../../src/config/app-config.js';
import { HOLDING_STATUSES } from '../../src/modules/appointments/domain/appointment-status.js';
import { addDays, localTimeOf } from '../../src/modules/appointments/domain/wall-clock.js';
import type { BenchContext, Measurement, TargetCheck } from '../scenario.js';
import { createAsAdmin, createStaff, renewingToken, settleOutbox } from './patient-fixture.js';
import { seedPatients } from './patient-seed.js';

/**
 * The clinic's zone: India keeps one offset all year, so a load can write a
 * slot's start as a date, a clock and CLINIC_OFFSET.
 */
export const CLINIC_ZONE = 'Asia/Kolkata';
export const CLINIC_OFFSET = '+05:30';
/** Patients seeded at the clinic's hospital for the appointment scenarios. */
const CLINIC_PATIENTS = 5_000;
/** Seeded patients are numbered from here, past the patient fixture's, so their MRNs never meet. */
const FIRST_PATIENT_NUMBER = 500_000_001;
/** The statuses that hold time (the exclusion constraints' predicate), as an SQL list. */
export const HOLDING = `(${HOLDING_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export interface WeeklyHours {
  readonly weekday: number;
  readonly start: string;
  readonly end: string;
}

export interface DepartmentPlan {
  readonly name: string;
  readonly code: string;
  readonly practitioners: number;
  readonly slotMinutes: number;
  readonly weeklyHours: readonly WeeklyHours[];
}

export interface ClinicDepartment {
  readonly departmentId: string;
  readonly practitionerIds: readonly string[];
}

/** What the appointment scenarios (13, 14) share: a hospital in CLINIC_ZONE, its front desk, its seeded patients. */
export interface AppointmentClinic {
  readonly hospitalId: string;
  readonly patientIds: readonly string[];
  /** The receptionist books (appointments:book:hospital) and reads free slots (schedules:read). */
  receptionistToken(): Promise<string>;
  /** A new department with `practitioners` doctors, each given the plan's weekly hours there from today on. */
  department(plan: DepartmentPlan): Promise<ClinicDepartment>;
  /** The set-up, for the notes of the scenario that made it. */
  readonly setUp: string;
}

let clinic: Promise<AppointmentClinic> | undefined;

/** The local date `days` after today's in the clinic's zone. */
export const clinicDate = (days: number) => addDays(localTimeOf(new Date(), CLINIC_ZONE).date, days);

async function build(ctx: BenchContext): Promise<AppointmentClinic> {
  const hospital = await createAsAdmin<{ id: string }>(
    ctx,
    '/api/v1/hospitals',
    { name: 'Bench Appointments Hospital', address: '2 Bench Road, Benchton', isActive: true, timeZone: CLINIC_ZONE },
    'registering the appointments hospital',
  );
  const receptionist = await createStaff(ctx, {
    role: 'receptionist',
    email: 'bench.front-desk@bench.hms',
    hospitalId: hospital.id,
    departmentId: null,
  });
  const patientsDepartment = await createAsAdmin<{ id: string }>(
    ctx,
    `/api/v1/hospitals/${hospital.id}/departments`,
    { name: 'Bench Registration', code: 'BREG' },
    'creating the registration department',
  );
  // The seeding drops and rebuilds the patients' indexes: nothing may be writing them meanwhile.
  await settleOutbox(ctx);
  const seed = await seedPatients(ctx.db, loadConfig(ctx.serverEnv), {
    count: CLINIC_PATIENTS,
    hospitalId: hospital.id,
    departmentId: patientsDepartment.id,
    firstNumber: FIRST_PATIENT_NUMBER,
  });
  const setUp =
    `Set-up: a hospital in ${CLINIC_ZONE} (UTC${CLINIC_OFFSET} all year), a receptionist (appointments:book:hospital), ` +
    `${CLINIC_PATIENTS.toLocaleString('en-US')} patients registered there, seeded with COPY in ${seed.seconds.toFixed(1)} s.`;
  ctx.log(`  ${setUp}`);

  const department = async (plan: DepartmentPlan): Promise<ClinicDepartment> => {
    const created = await createAsAdmin<{ id: string }>(
      ctx,
      `/api/v1/hospitals/${hospital.id}/departments`,
      { name: plan.name, code: plan.code },
      `creating the department ${plan.code}`,
    );
    const practitionerIds: string[] = [];
    for (let i = 1; i <= plan.practitioners; i++) {
      const doctor = await createStaff(ctx, {
        role: 'doctor',
        email: `bench.${plan.code.toLowerCase()}.doctor${i}@bench.hms`,
        displayName: `Bench ${plan.code} doctor ${i}`,
        profession: 'doctor',
        hospitalId: hospital.id,
        departmentId: created.id,
      });
      await createAsAdmin(
        ctx,
        `/api/v1/practitioners/${doctor.id}/schedules`,
        {
          departmentId: created.id,
          effectiveFrom: clinicDate(0),
          slotMinutes: plan.slotMinutes,
          weeklyHours: plan.weeklyHours,
          priceMinor: 50_000,
          currency: 'INR',
        },
        `giving ${doctor.email} a schedule`,
      );
      practitionerIds.push(doctor.id);
    }
    return { departmentId: created.id, practitionerIds };
  };

  return {
    hospitalId: hospital.id,
    patientIds: seed.sample.map((p) => p.id),
    receptionistToken: renewingToken(ctx, receptionist),
    department,
    setUp,
  };
}

/** The shared set-up, made by whichever appointment scenario runs first. */
export function appointmentClinic(ctx: BenchContext): Promise<AppointmentClinic> {
  clinic ??= build(ctx);
  return clinic;
}

/**
 * No double booking, checked over every appointment in the database (the
 * server's and the baselines'): holding appointments that overlap an earlier
 * one of the same practitioner (overbooked ones aside, as the constraint
 * allows them) or of the same patient, found by comparing each start with
 * the latest end before it; and practitioner-days holding more than the
 * daily limit. Any of them is an error of the run.
 */
export async function doubleBookingCheck(ctx: BenchContext): Promise<{ measurement: Measurement; target: TargetCheck }> {
  const limit = loadConfig(ctx.serverEnv).appointments.dailyLimitPerPractitioner;
  const later = (partition: string) =>
    `lower(period) < max(upper(period)) OVER (PARTITION BY ${partition} ORDER BY lower(period), id
                                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
  const { rows } = await ctx.db.query<{ holding: number; practitioner: number; patient: number; over_limit: number }>(
    `WITH holding AS (SELECT * FROM appointments WHERE status IN ${HOLDING})
     SELECT (SELECT count(*)::int FROM holding) AS holding,
            (SELECT count(*) FILTER (WHERE o)::int FROM (SELECT ${later('practitioner_id')} AS o
                                                           FROM holding WHERE NOT overbooked) p) AS practitioner,
            (SELECT count(*) FILTER (WHERE o)::int FROM (SELECT ${later('patient_id')} AS o
                                                           FROM holding WHERE patient_id IS NOT NULL) p) AS patient,
            (SELECT count(*)::int FROM (SELECT 1 FROM holding WHERE NOT overbooked GROUP BY practitioner_id, local_date
                                         HAVING count(*) > $1) d) AS over_limit`,
    [limit],
  );
  const { holding, practitioner, patient, over_limit: overLimit } = rows[0];
  const found = practitioner + patient + overLimit;
  const actual =
    `${practitioner} overlapping a practitioner's, ${patient} a patient's, ${overLimit} practitioner-days over ` +
    `the limit of ${limit}, among ${holding.toLocaleString('en-US')} holding appointments`;
  return {
    measurement: {
      label: `Double-booking check over every appointment (the server's and the baseline's): ${actual}`,
      errors: { unexpected: found, socket: 0, timeouts: 0 },
      detail: { holding, practitioner, patient, overLimit, limit },
    },
    target: { target: 'no double booking (check query at the end of the run)', actual, met: found === 0 },
  };
}
