import { appointmentsContext } from './modules/appointments/appointments.context.js';
import { auditContext } from './modules/audit/audit.context.js';
import { authContext } from './modules/auth/auth.context.js';
import { ADMIN_ROLE, BUILT_IN_ROLES } from './modules/auth/index.js';
import { emrContext } from './modules/emr/emr.context.js';
import { hospitalsContext } from './modules/hospitals/hospitals.context.js';
import { intakeContext } from './modules/intake/intake.context.js';
import { patientsContext } from './modules/patients/patients.context.js';
import { checkContexts } from './infrastructure/context/check-contexts.js';

/**
 * Every bounded context, the one list the wiring iterates over (ADR 14):
 * adding a context is a folder under src/modules, its descriptor here and
 * its migration. Checked as it loads, so contradicting descriptors stop
 * every process at start-up.
 */
export const CONTEXTS = checkContexts(
  [authContext, auditContext, hospitalsContext, patientsContext, emrContext, intakeContext, appointmentsContext],
  {
    all: Object.keys(BUILT_IN_ROLES),
    admin: ADMIN_ROLE,
  },
);
