import type { Scenario } from '../scenario.js';
import { appointmentAvailabilityScenario } from './appointment-availability.scenario.js';
import { appointmentBookingScenario } from './appointment-booking.scenario.js';
import { auditDuringMixScenario } from './audit-during-mix.scenario.js';
import { getPatientScenario } from './get-patient.scenario.js';
import { healthScenario } from './health.scenario.js';
import { hospitalImportScenario } from './hospital-import.scenario.js';
import { importMemoryScenario } from './import-memory.scenario.js';
import { intakeScenario } from './intake.scenario.js';
import { loginScenario } from './login.scenario.js';
import { patientMixScenario } from './patient-mix.scenario.js';
import { registerPatientScenario } from './register-patient.scenario.js';
import { searchPatientsScenario } from './search-patients.scenario.js';
import { timelineScenario } from './timeline.scenario.js';
import { vitalsScenario } from './vitals.scenario.js';

/**
 * Every scenario, in the order they run. The patient scenarios (3-7, 10, 11) share
 * one set-up, made by the first of them that runs (seeding included); so do the
 * appointment scenarios (13, 14), a clinic of their own. The
 * login flood goes last: it leaves the harness's client address blocked
 * from signing in for a minute, which would stall any later scenario that
 * signs a user in.
 */
export const SCENARIOS: readonly Scenario[] = [
  healthScenario,
  getPatientScenario,
  searchPatientsScenario,
  registerPatientScenario,
  patientMixScenario,
  auditDuringMixScenario,
  timelineScenario,
  vitalsScenario,
  hospitalImportScenario,
  importMemoryScenario,
  intakeScenario,
  appointmentBookingScenario,
  appointmentAvailabilityScenario,
  loginScenario,
];
