import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { buildAbility, type Principal } from '@hms/authz';
import { InvalidInputError, NotAppliedAsSetError } from '@hms/ddd';
import { type PastVisit, RecordVisit, RecordVisits } from '../../src/modules/emr/index.js';
import {
  type ExternalPatientRecord,
  type PatientEditor,
  RecordExternalPatient,
  RecordExternalPatients,
} from '../../src/modules/patients/index.js';
import { WORKER_PERMISSIONS } from '../../src/modules/intake/infrastructure/intake.processor.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, givenDepartment, givenHospital, outboxRows, writeCounts } from '../patients/support/patients-api.js';

/** A hospital, its department, a records officer calling the API, and the intake worker's writer for them. */
interface Place {
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly writer: PatientEditor;
  readonly api: Api;
}

/**
 * The set forms the intake pipeline sends a chunk through (ADR 41),
 * RecordExternalPatients and RecordVisits, against the single commands they
 * stand for: the same feed through each, in two hospitals, must leave the
 * same outcomes, rows and events; and a set they cannot apply whole must
 * leave nothing at all, audited or written, for the caller to send one by one.
 */
describe('the set forms of RecordExternalPatient and RecordVisit', () => {
  let t: TestApp;
  let commands: CommandBus;
  let asAdmin: Api;
  let one: Place;
  let set: Place;

  const placeFor = async (): Promise<Place> => {
    const hospitalId = await givenHospital(asAdmin);
    const departmentId = await givenDepartment(asAdmin, hospitalId, 'INTAKE');
    const officer = await tokenFor(t, 'records_officer', { hospitalId, departmentId });
    const principal: Principal = {
      userId: officer.userId,
      sessionId: randomUUID(),
      roles: [],
      permissions: WORKER_PERMISSIONS,
      hospitalId,
      departmentId,
      emergencyGrants: [],
    };
    const writer: PatientEditor = {
      actor: {
        kind: 'user',
        id: officer.userId,
        roles: ['records_officer'],
        sessionId: principal.sessionId,
        hospitalId,
        departmentId,
      },
      principal,
      ability: buildAbility(principal),
    };
    return { hospitalId, departmentId, writer, api: apiAs(t, officer) };
  };

  const tag = () =>
    randomUUID()
      .replace(/[^a-f]/g, '')
      .slice(0, 6);
  const patientRecord = (place: Place, value: string, over: Partial<ExternalPatientRecord> = {}): ExternalPatientRecord => ({
    assignerHospitalId: place.hospitalId,
    value,
    firstName: 'Setta',
    lastName: `Formsdottir${value.replace(/[^A-Z]/g, '')}`,
    birthDate: '1971-08-09',
    ...over,
  });
  const visitAt = (place: Place, accountNumber: string, over: Partial<PastVisit> = {}): PastVisit => ({
    hospitalId: place.hospitalId,
    departmentId: place.departmentId,
    accountNumber,
    visitDate: '2026-03-02',
    reasonText: 'Annual review',
    ...over,
  });
  /** What a patient's record holds and the state-changing events it recorded (reads leave the outbox as they are audited). */
  const patientAsStored = async (place: Place, patientId: string) => {
    const res = await place.api.get(`/patients/${patientId}?include=encounters`);
    expect(res.status).toBe(200);
    const events = (await outboxRows(t, patientId))
      .filter((e) => !e.type.endsWith('Accessed.v1'))
      .map((e) => [e.type, e.aggregate_version, e.type.endsWith('CareLinked.v1') ? e.payload.kind : null]);
    const links = await t.db.query<{ kind: string; source: string }>(
      'SELECT kind, source FROM patient_care_links WHERE patient_id = $1 ORDER BY kind, source',
      [patientId],
    );
    const body = res.body as Record<string, unknown> & { encounters: Record<string, unknown>[] };
    return {
      firstName: body.firstName,
      lastName: body.lastName,
      dateOfBirth: body.dateOfBirth,
      sex: body.sex,
      version: body.version,
      identifiers: (body.externalIdentifiers as { value: string }[]).map((i) => i.value),
      encounters: body.encounters.map((e) => ({ ...e, id: undefined })),
      links,
      events,
    };
  };
  const encounterEvents = async (encounterId: string) =>
    (await outboxRows(t, encounterId)).map((e) => [e.type, e.aggregate_version, e.payload.status]);

  beforeAll(async () => {
    t = await startTestApp();
    commands = t.app.get(CommandBus);
    asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    one = await placeFor();
    set = await placeFor();
  });
  afterAll(() => t.close());

  it('records a feed as the single commands do: the same outcomes, rows and events, record for record', async () => {
    const mrns = ['A', 'B', 'C', 'D'].map((letter) => `MRN-${letter}${tag().toUpperCase()}`);
    const numbers = ['1', '2', '3', '4'].map((n) => `V-${n}${tag()}`);
    const feed = (place: Place) => [
      patientRecord(place, mrns[0]),
      patientRecord(place, mrns[1]),
      patientRecord(place, mrns[2], { lastName: 'Renamed', birthDate: '1971-08-10' }),
      patientRecord(place, mrns[3]),
    ];
    // Known already in both hospitals: C (to be updated) and D (unchanged), D with visit 4 (sent again below).
    for (const place of [one, set]) {
      await commands.execute(new RecordExternalPatient(place.writer, patientRecord(place, mrns[2])));
      const d = await commands.execute(new RecordExternalPatient(place.writer, patientRecord(place, mrns[3])));
      await commands.execute(new RecordVisit(place.writer, d.patientId, visitAt(place, numbers[3])));
    }

    const singly = [];
    for (const record of feed(one)) singly.push(await commands.execute(new RecordExternalPatient(one.writer, record)));
    const together = await commands.execute(new RecordExternalPatients(set.writer, feed(set)));
    expect(together.map((r) => r.outcome)).toEqual(['created', 'created', 'updated', 'unchanged']);
    expect(singly.map((r) => r.outcome)).toEqual(together.map((r) => r.outcome));

    const visits = (place: Place, patients: { patientId: string }[]) =>
      patients.map(({ patientId }, i) => ({ patientId, visit: visitAt(place, numbers[i]) }));
    const singleVisits = [];
    for (const { patientId, visit } of visits(one, singly)) {
      singleVisits.push(await commands.execute(new RecordVisit(one.writer, patientId, visit)));
    }
    const setVisits = await commands.execute(new RecordVisits(set.writer, visits(set, together)));
    expect(setVisits.map((v) => v.outcome)).toEqual(['added', 'added', 'added', 'duplicate']);
    expect(singleVisits.map((v) => v.outcome)).toEqual(setVisits.map((v) => v.outcome));

    for (let i = 0; i < mrns.length; i += 1) {
      const stored = await patientAsStored(set, together[i].patientId);
      expect(stored).toEqual(await patientAsStored(one, singly[i].patientId));
      expect(stored.identifiers).toEqual([mrns[i]]);
      expect(await encounterEvents(setVisits[i].encounterId)).toEqual(await encounterEvents(singleVisits[i].encounterId));
    }
    expect(await encounterEvents(setVisits[0].encounterId)).toEqual([
      ['emr.EncounterStarted.v1', 1, 'in-progress'],
      ['emr.EncounterFinished.v1', 2, 'finished'],
    ]);
    const [created] = await outboxRows(t, together[0].patientId, 'patients.PatientRegistered.v1');
    expect(created.payload).toMatchObject({ duplicateConfirmed: true, registeringHospitalId: set.hospitalId, sex: 'unknown' });
    expect(created.actor).toMatchObject({ kind: 'user', id: set.writer.actor.id });
  });

  describe('a set that cannot be applied whole writes and audits nothing', () => {
    /** Tries the set, expects the refusal, and proves nothing of it was written or audited. */
    const refusedWhole = async (attempt: () => Promise<unknown>, expected: new (...args: never[]) => Error) => {
      const before = await writeCounts(t);
      const denied = async () =>
        (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE type = 'authz.AccessDenied.v1'`))[0].n;
      const deniedBefore = await denied();
      await expect(attempt()).rejects.toBeInstanceOf(expected);
      expect(await writeCounts(t)).toEqual(before);
      expect(await denied()).toBe(deniedBefore);
    };

    it('refuses an identifier named twice, another hospital’s feed, and a detail the single command refuses', async () => {
      const fresh = `MRN-F${tag().toUpperCase()}`;
      const twice = `MRN-T${tag().toUpperCase()}`;
      await refusedWhole(
        () =>
          commands.execute(
            new RecordExternalPatients(set.writer, [
              patientRecord(set, twice),
              patientRecord(set, fresh),
              patientRecord(set, twice),
            ]),
          ),
        NotAppliedAsSetError,
      );
      // The other hospital's records officer is out of scope for this hospital's identifiers.
      await refusedWhole(
        () => commands.execute(new RecordExternalPatients(one.writer, [patientRecord(set, fresh), patientRecord(set, twice)])),
        NotAppliedAsSetError,
      );
      await refusedWhole(
        () =>
          commands.execute(
            new RecordExternalPatients(set.writer, [
              patientRecord(set, fresh),
              patientRecord(set, twice, { birthDate: '2999-01-01' }),
            ]),
          ),
        InvalidInputError,
      );
      const identifiers = await t.db.query('SELECT 1 FROM patient_identifiers WHERE value = ANY($1::text[])', [[fresh, twice]]);
      expect(identifiers).toEqual([]);
    });

    it('refuses two identifiers of one patient (a merge moved one over), which must be applied in order', async () => {
      const first = `MRN-M${tag().toUpperCase()}`;
      const second = `MRN-N${tag().toUpperCase()}`;
      const [duplicate, survivor] = await commands.execute(
        new RecordExternalPatients(set.writer, [patientRecord(set, first), patientRecord(set, second)]),
      );
      const asOfficer = apiAs(t, await tokenFor(t, 'records_officer'));
      const merged = await asOfficer.post(`/patients/${duplicate.patientId}/merge`).send({ intoPatientId: survivor.patientId });
      expect(merged.status).toBe(200);
      // Both records change the survivor: one by one, the second sees the first's change.
      const renamed = (value: string, lastName: string) => patientRecord(set, value, { lastName });
      await refusedWhole(
        () =>
          commands.execute(new RecordExternalPatients(set.writer, [renamed(first, 'Firstsaid'), renamed(second, 'Secondsaid')])),
        NotAppliedAsSetError,
      );
      for (const record of [renamed(first, 'Firstsaid'), renamed(second, 'Secondsaid')]) {
        expect(await commands.execute(new RecordExternalPatient(set.writer, record))).toEqual({
          patientId: survivor.patientId,
          outcome: 'updated',
        });
      }
    });

    it('refuses a visit number held for another visit, or named twice, with the other visits of the set', async () => {
      const [a, b] = await commands.execute(
        new RecordExternalPatients(set.writer, [
          patientRecord(set, `MRN-G${tag().toUpperCase()}`),
          patientRecord(set, `MRN-H${tag().toUpperCase()}`),
        ]),
      );
      const held = `V-H${tag()}`;
      await commands.execute(new RecordVisit(set.writer, a.patientId, visitAt(set, held)));
      const fresh = `V-F${tag()}`;
      const encountersOf = () => t.db.query('SELECT 1 FROM encounters WHERE account_number = $1', [fresh]);

      // The same number for another patient, and for the same patient with another reason: conflicts.
      await refusedWhole(
        () =>
          commands.execute(
            new RecordVisits(set.writer, [
              { patientId: a.patientId, visit: visitAt(set, fresh) },
              { patientId: b.patientId, visit: visitAt(set, held) },
            ]),
          ),
        NotAppliedAsSetError,
      );
      await refusedWhole(
        () =>
          commands.execute(
            new RecordVisits(set.writer, [
              { patientId: b.patientId, visit: visitAt(set, fresh) },
              { patientId: a.patientId, visit: visitAt(set, held, { reasonText: 'Something else' }) },
            ]),
          ),
        NotAppliedAsSetError,
      );
      await refusedWhole(
        () =>
          commands.execute(
            new RecordVisits(set.writer, [
              { patientId: a.patientId, visit: visitAt(set, fresh) },
              { patientId: b.patientId, visit: visitAt(set, fresh) },
            ]),
          ),
        NotAppliedAsSetError,
      );
      // The other hospital's officer may not write visits for these patients.
      await refusedWhole(
        () =>
          commands.execute(
            new RecordVisits(one.writer, [
              { patientId: a.patientId, visit: visitAt(set, fresh) },
              { patientId: b.patientId, visit: visitAt(set, `V-O${tag()}`) },
            ]),
          ),
        NotAppliedAsSetError,
      );
      expect(await encountersOf()).toEqual([]);
    });
  });
});
