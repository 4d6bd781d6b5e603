import { processCpu } from '../load/run-loads.js';
import { loadMeasurement, type Measurement, type Scenario } from '../scenario.js';
import { patientFixture, registerRequests, settleOutbox, uniqueRegistrations } from './patient-fixture.js';

/**
 * Scenario 5: POST /api/v1/patients as a receptionist of the seeded
 * hospital: complete, valid registrations of new invented people (a name
 * unique to each request, so none is a possible duplicate), each checked,
 * encrypted, indexed, checked for duplicates under an advisory lock, given
 * an MRN, linked to the receptionist's department and recorded as events.
 */
export const registerPatientScenario: Scenario = {
  name: 'register',
  number: 5,
  title: 'POST /patients as a receptionist',
  async run(ctx) {
    const fx = await patientFixture(ctx);
    const seeding = fx.takeSeedingMeasurement();
    const requests = registerRequests(fx, await fx.receptionistToken());
    const settled = await settleOutbox(ctx);
    const [load] = await ctx.runLoads([
      {
        label: `POST /patients × ${ctx.options.connections} connections`,
        requests,
        connections: ctx.options.connections,
        expectedStatuses: [201],
        unique: uniqueRegistrations('zr'),
      },
    ]);
    const measurements: Measurement[] = [...(seeding ? [seeding] : []), loadMeasurement(load)];
    return {
      measurements,
      targets: [],
      notes: [
        `${settled === undefined ? 'The outbox did not settle before the load.' : `Outbox settled in ${settled.toFixed(1)} s before the load.`}`,
        'Each registration has a last name unique to its request (holding a space, which no seeded name has), so none meets ' +
          'the possible-duplicate 409; ?allowDuplicate is not used. Two events each: PatientRegistered, PatientCareLinked.',
        `CPU: ${processCpu(load.cpu)}.`,
      ],
    };
  },
};
