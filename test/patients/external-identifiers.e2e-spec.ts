import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { buildAbility, type Principal } from '@hms/authz';
import { InvalidInputError, NotFoundError } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { UnitOfWork } from '../../src/infrastructure/database/unit-of-work.js';
import { MergePatients } from '../../src/modules/patients/application/commands/merge-patients.command.js';
import { mrnProblem } from '../../src/modules/patients/domain/mrn.js';
import {
  CountPatientsInHospitals,
  type ExternalPatientOutcome,
  type ExternalPatientRecord,
  type PatientEditor,
  RecordExternalPatient,
} from '../../src/modules/patients/index.js';
import { createUser, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, auditedRows, givenDepartment, givenHospital, outboxRows, patientBody } from './support/patients-api.js';

/** Rolls the caller's unit of work back after the command ran inside it. */
class RolledBack extends Error {}

let counter = 0;
/** A sender's MRN unique to this call, in the shape feeds write them. */
const freshMrn = () => `MRN-${Date.now().toString(36).toUpperCase()}-${(counter += 1)}`;

/**
 * External identifiers (ADR 38): RecordExternalPatient through the app's CommandBus (as the intake
 * pipeline sends it), and the identifiers over HTTP: shown with the MRN, searched by `mrn`, moved by merges.
 */
describe('patient external identifiers', () => {
  let t: TestApp;
  let commands: CommandBus;
  let asAdmin: Api;
  let asReceptionist: Api;
  let asNurse: Api;
  let asOtherReceptionist: Api;
  let asOfficer: Api;
  let receptionist: UserWithTokens;
  let hospitalA: string;
  let hospitalB: string;
  let departmentId: string;
  /** The receptionist of hospital A as a command's writer: the permissions the role holds in the database. */
  let writerA: PatientEditor;
  let writerB: PatientEditor;

  /** A writer as the guard builds one for a signed-in user: their role's permissions, their hospital and department. */
  const editorOf = async (
    userId: string,
    role: string,
    hospitalId: string | null,
    department: string | null,
  ): Promise<PatientEditor> => {
    const [{ permissions }] = await t.db.query<{ permissions: string[] }>('SELECT permissions FROM roles WHERE name = $1', [
      role,
    ]);
    const principal: Principal = {
      userId,
      sessionId: randomUUID(),
      roles: [role],
      permissions,
      hospitalId,
      departmentId: department,
      emergencyGrants: [],
    };
    return {
      actor: { kind: 'user', id: userId, roles: [role], sessionId: principal.sessionId, hospitalId, departmentId: department },
      principal,
      ability: buildAbility(principal),
    };
  };

  const recordAs = (writer: PatientEditor, record: ExternalPatientRecord) =>
    commands.execute(new RecordExternalPatient(writer, record));
  const feedRecord = (over: Partial<ExternalPatientRecord> = {}): ExternalPatientRecord => {
    const tag = randomUUID()
      .replace(/[^a-f]/g, '')
      .slice(0, 6);
    return {
      assignerHospitalId: hospitalA,
      value: freshMrn(),
      firstName: `Feedina${tag}`,
      lastName: `Intakeson${tag}`,
      birthDate: '1966-05-17',
      ...over,
    };
  };
  const identifierRows = (value: string) =>
    t.db.query<{ assigner_hospital_id: string; patient_id: string }>(
      'SELECT assigner_hospital_id, patient_id FROM patient_identifiers WHERE value = $1 ORDER BY assigner_hospital_id',
      [value],
    );
  const patientsNamed = async (lastName: string) => {
    const res = await asOfficer.get(`/patients?lastName=${encodeURIComponent(lastName)}`);
    expect(res.status).toBe(200);
    return res.body.items as { id: string }[];
  };
  /** The patient's events that change state (reads and refusals leave the outbox as they are audited). */
  const changesOf = async (patientId: string) =>
    (await outboxRows(t, patientId))
      .filter((e) => e.type !== 'patients.PatientRecordAccessed.v1')
      .map((e) => [e.type, e.aggregate_version] as const);
  const completeHistory = (api: Api, patientId: string) =>
    waitFor(async () => {
      const res = await api.get(`/patients/${patientId}/history`);
      return res.status === 200 && res.body.complete === true ? res : undefined;
    }, 'the audit writer to append every version');
  const searchMrn = async (api: Api, mrn: string, more = '') => {
    const res = await api.get(`/patients?mrn=${encodeURIComponent(mrn)}${more}`);
    expect(res.status).toBe(200);
    return (res.body.items as { id: string }[]).map((p) => p.id);
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    commands = t.app.get(CommandBus);
    asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    hospitalA = await givenHospital(asAdmin);
    hospitalB = await givenHospital(asAdmin);
    departmentId = await givenDepartment(asAdmin, hospitalA, 'ADM');
    receptionist = await tokenFor(t, 'receptionist', { hospitalId: hospitalA, departmentId });
    asReceptionist = apiAs(t, receptionist);
    const otherReceptionist = await tokenFor(t, 'receptionist', { hospitalId: hospitalB });
    asOtherReceptionist = apiAs(t, otherReceptionist);
    asNurse = apiAs(t, await tokenFor(t, 'nurse', { hospitalId: hospitalA, departmentId }));
    asOfficer = apiAs(t, await tokenFor(t, 'records_officer'));
    writerA = await editorOf(receptionist.userId, 'receptionist', hospitalA, departmentId);
    writerB = await editorOf(otherReceptionist.userId, 'receptionist', hospitalB, null);
  });
  afterAll(() => t.close());

  describe('RecordExternalPatient', () => {
    it('registers a patient with the identifier when none holds it (created), at the assigner, sex unknown', async () => {
      const record = feedRecord();
      const result = await recordAs(writerA, record);
      expect(result.outcome).toBe('created');

      const res = await asReceptionist.get(`/patients/${result.patientId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: result.patientId,
        firstName: record.firstName,
        lastName: record.lastName,
        dateOfBirth: record.birthDate,
        sex: 'unknown',
        registeringHospitalId: hospitalA,
        externalIdentifiers: [{ assignerHospitalId: hospitalA, value: record.value }],
        version: 1,
      });
      // HMS's own MRN, with its check digit, beside the sender's.
      expect(mrnProblem(res.body.mrn as string)).toBeUndefined();
      expect(await identifierRows(record.value)).toEqual([{ assigner_hospital_id: hospitalA, patient_id: result.patientId }]);

      expect(await changesOf(result.patientId)).toEqual([
        ['patients.PatientRegistered.v1', 1],
        ['patients.PatientCareLinked.v1', 0],
        ['patients.PatientIdentifierAdded.v1', 0],
      ]);
      const [registered] = await outboxRows(t, result.patientId, 'patients.PatientRegistered.v1');
      // The sender's identifier is the identity: a same-name patient is not asked about.
      expect(registered.payload).toMatchObject({ duplicateConfirmed: true, registeringHospitalId: hospitalA, sex: 'unknown' });
      expect(registered.actor).toMatchObject({ kind: 'user', id: receptionist.userId });
      const [added] = await outboxRows(t, result.patientId, 'patients.PatientIdentifierAdded.v1');
      expect(added.payload).toEqual({ patientId: result.patientId, assignerHospitalId: hospitalA, value: record.value });

      const history = await completeHistory(asReceptionist, result.patientId);
      expect((history.body.versions as { type: string }[]).map((v) => v.type)).toEqual(['patients.PatientRegistered.v1']);
      expect(history.body.versions[0].patient.externalIdentifiers).toEqual([
        { assignerHospitalId: hospitalA, value: record.value },
      ]);
    });

    it('writes nothing when the sender agrees (unchanged), and only what differs when it does not (updated)', async () => {
      const record = feedRecord();
      const { patientId } = await recordAs(writerA, record);
      const before = await changesOf(patientId);
      const [rowBefore] = await t.db.query<{ version: number; updated_at: Date }>(
        'SELECT version, updated_at FROM patients WHERE id = $1',
        [patientId],
      );

      expect(await recordAs(writerA, { ...record })).toEqual({ patientId, outcome: 'unchanged' });
      expect(await changesOf(patientId)).toEqual(before);
      expect(await t.db.query('SELECT version, updated_at FROM patients WHERE id = $1', [patientId])).toEqual([rowBefore]);

      const renamed = { ...record, lastName: `${record.lastName}-Reis`, birthDate: '1966-05-18' };
      expect(await recordAs(writerA, renamed)).toEqual({ patientId, outcome: 'updated' });
      const [updated] = await outboxRows(t, patientId, 'patients.PatientUpdated.v1');
      expect(updated).toMatchObject({ aggregate_version: 2, payload: { changedFields: ['lastName', 'dateOfBirth'] } });
      expect(updated.actor).toMatchObject({ kind: 'user', id: receptionist.userId });

      const res = await asReceptionist.get(`/patients/${patientId}`);
      expect(res.body).toMatchObject({
        firstName: record.firstName,
        lastName: renamed.lastName,
        dateOfBirth: '1966-05-18',
        version: 2,
        externalIdentifiers: [{ assignerHospitalId: hospitalA, value: record.value }],
      });
      // The blind indexes were rewritten too: the new name is found, the old one is not.
      expect((await patientsNamed(renamed.lastName)).map((p) => p.id)).toEqual([patientId]);
      expect(await patientsNamed(record.lastName)).toEqual([]);

      // The same record again is unchanged: no second update.
      expect(await recordAs(writerA, renamed)).toEqual({ patientId, outcome: 'unchanged' });
      const history = await completeHistory(asReceptionist, patientId);
      expect((history.body.versions as { type: string }[]).map((v) => v.type)).toEqual([
        'patients.PatientRegistered.v1',
        'patients.PatientUpdated.v1',
      ]);
    });

    it('updates a deceased patient as UpdatePatient does, keeping the status', async () => {
      const record = feedRecord();
      const { patientId } = await recordAs(writerA, record);
      const dead = await asReceptionist
        .post(`/patients/${patientId}/deactivate`)
        .set('If-Match', '"1"')
        .send({ reason: 'deceased' });
      expect(dead.status).toBe(200);
      expect(dead.body.externalIdentifiers).toEqual([{ assignerHospitalId: hospitalA, value: record.value }]);
      expect(await recordAs(writerA, { ...record, firstName: `${record.firstName}a` })).toEqual({
        patientId,
        outcome: 'updated',
      });
      expect((await asReceptionist.get(`/patients/${patientId}`)).body).toMatchObject({ status: 'deceased', version: 3 });
    });

    it('ends two (and more) concurrent records of one new identifier with one patient', async () => {
      const record = feedRecord();
      const results = await Promise.all([1, 2, 3, 4].map(() => recordAs(writerA, { ...record })));
      const outcomes: ExternalPatientOutcome[] = results.map((r) => r.outcome).sort();
      expect(outcomes).toEqual(['created', 'unchanged', 'unchanged', 'unchanged']);
      expect(new Set(results.map((r) => r.patientId)).size).toBe(1);
      expect(await identifierRows(record.value)).toEqual([{ assigner_hospital_id: hospitalA, patient_id: results[0].patientId }]);
      expect((await patientsNamed(record.lastName)).map((p) => p.id)).toEqual([results[0].patientId]);
    });

    it('gives the same value under two hospitals two patients', async () => {
      const value = freshMrn();
      const atA = await recordAs(writerA, feedRecord({ value }));
      const atB = await recordAs(writerB, feedRecord({ value, assignerHospitalId: hospitalB }));
      expect([atA.outcome, atB.outcome]).toEqual(['created', 'created']);
      expect(atA.patientId).not.toBe(atB.patientId);
      expect(await identifierRows(value)).toEqual(
        [
          { assigner_hospital_id: hospitalA, patient_id: atA.patientId },
          { assigner_hospital_id: hospitalB, patient_id: atB.patientId },
        ].sort((a, b) => a.assigner_hospital_id.localeCompare(b.assigner_hospital_id)),
      );
      // Each hospital's record stays its own: the second feed of A's value finds A's patient.
      expect((await recordAs(writerA, feedRecord({ value }))).patientId).toBe(atA.patientId);
    });

    it('joins the caller’s unit of work: rolled back with it, nothing of it stays', async () => {
      const record = feedRecord();
      let created = '';
      await expect(
        t.app.get(UnitOfWork).run(writerA.actor, async () => {
          created = (await recordAs(writerA, record)).patientId;
          throw new RolledBack();
        }),
      ).rejects.toBeInstanceOf(RolledBack);
      expect(created).not.toBe('');
      expect(await t.db.query('SELECT 1 FROM patients WHERE id = $1', [created])).toEqual([]);
      expect(await identifierRows(record.value)).toEqual([]);
      expect(await outboxRows(t, created)).toEqual([]);
    });

    it('refuses a writer without patients:update or patients:register (403 code), audited, writing nothing', async () => {
      const role = await asAdmin
        .post('/roles')
        .send({ name: 'feed_registrar', permissions: ['patients:register', 'patients:read:hospital'] });
      expect(role.status).toBe(201);
      const user = await createUser(t, { roles: ['feed_registrar'], hospitalId: hospitalA });
      const registrarOnly = await editorOf(user.id, 'feed_registrar', hospitalA, null);
      const record = feedRecord();
      await expect(recordAs(registrarOnly, record)).rejects.toMatchObject({
        code: 'PATIENT.PERMISSION_REQUIRED',
        details: { permission: 'patients:update' },
      });
      expect(await identifierRows(record.value)).toEqual([]);
      expect(await patientsNamed(record.lastName)).toEqual([]);
      expect((await auditedRows(t, user.id, 'authz.AccessDenied.v1')).map((e) => e.payload)).toEqual([
        expect.objectContaining({ reason: 'missing-permission', permission: 'patients:update' }),
      ]);
    });

    it('refuses another hospital’s identifier to a hospital-bound writer (PATIENT.HOSPITAL_OUT_OF_SCOPE), known or not', async () => {
      const knownAtB = feedRecord({ assignerHospitalId: hospitalB });
      await recordAs(writerB, knownAtB);
      for (const record of [feedRecord({ assignerHospitalId: hospitalB }), knownAtB]) {
        await expect(recordAs(writerA, record)).rejects.toMatchObject({ code: 'PATIENT.HOSPITAL_OUT_OF_SCOPE' });
      }
      expect(await identifierRows(knownAtB.value)).toHaveLength(1);
      const denied = await auditedRows(t, receptionist.userId, 'authz.AccessDenied.v1');
      expect(denied.filter((e) => e.payload.resourceId === hospitalB)).toHaveLength(2);
    });

    it('answers not found (audited with the holder) when the holder is outside the writer’s own scope', async () => {
      const role = await asAdmin
        .post('/roles')
        .send({ name: 'ward_clerk', permissions: ['patients:register', 'patients:update', 'patients:read:own'] });
      expect(role.status).toBe(201);
      const user = await createUser(t, { roles: ['ward_clerk'], hospitalId: hospitalA });
      const clerk = await editorOf(user.id, 'ward_clerk', hospitalA, null);
      const record = feedRecord();
      const { patientId } = await recordAs(writerA, record);
      const refusal = await recordAs(clerk, { ...record, firstName: 'Changed' }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(NotFoundError);
      // Refused as if it did not exist: the holder's id is not told.
      expect(JSON.stringify({ message: (refusal as Error).message, details: (refusal as NotFoundError).details })).not.toContain(
        patientId,
      );
      expect((await asReceptionist.get(`/patients/${patientId}`)).body).toMatchObject({
        firstName: record.firstName,
        version: 1,
      });
      expect((await auditedRows(t, user.id, 'authz.AccessDenied.v1')).map((e) => e.payload)).toEqual([
        expect.objectContaining({ reason: 'out-of-scope', permission: 'patients:update', resourceId: patientId }),
      ]);
    });

    it('refuses an identifier that cannot be stored before anything is written', async () => {
      const bad = feedRecord({ value: 'MRN 1001' });
      const error = await recordAs(writerA, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).fields.map((f) => f.field)).toEqual(['value']);
      expect(await patientsNamed(bad.lastName)).toEqual([]);
    });
  });

  describe('over HTTP', () => {
    it('shows the identifiers with the MRN, unmasked for a reader without patients:read-sensitive', async () => {
      const record = feedRecord();
      const { patientId } = await recordAs(writerA, record);
      const res = await asNurse.get(`/patients/${patientId}`);
      expect(res.status).toBe(200);
      expect(res.body.externalIdentifiers).toEqual([{ assignerHospitalId: hospitalA, value: record.value }]);
      const patch = await asReceptionist.patch(`/patients/${patientId}`).set('If-Match', '"1"').send({ middleName: 'Quarta' });
      expect(patch.status).toBe(200);
      expect(patch.body.externalIdentifiers).toEqual([{ assignerHospitalId: hospitalA, value: record.value }]);
      // A patient registered over HTTP carries none.
      const plain = await asReceptionist.post('/patients').send(patientBody());
      expect(plain.body.externalIdentifiers).toEqual([]);
    });

    it('finds a patient by either MRN with ?mrn=, exactly, within the reader’s scope, paginated', async () => {
      const record = feedRecord();
      const { patientId } = await recordAs(writerA, record);
      const hmsMrn = (await asReceptionist.get(`/patients/${patientId}`)).body.mrn as string;
      expect(await searchMrn(asReceptionist, record.value)).toEqual([patientId]);
      expect(await searchMrn(asReceptionist, hmsMrn)).toEqual([patientId]);
      // Exact: case, a prefix or an extra character match nothing.
      expect(await searchMrn(asReceptionist, record.value.toLowerCase())).toEqual([]);
      expect(await searchMrn(asReceptionist, record.value.slice(0, -1))).toEqual([]);
      expect(await searchMrn(asReceptionist, `${record.value}0`)).toEqual([]);
      // Scoped as before: another hospital's receptionist finds nothing by it.
      expect(await searchMrn(asOtherReceptionist, record.value)).toEqual([]);
      const page = await asReceptionist.get(`/patients?mrn=${record.value}&pageSize=1&page=1`);
      expect(page.body).toMatchObject({ page: 1, pageSize: 1, hasMore: false, items: [{ id: patientId }] });
      expect(page.body.items[0].externalIdentifiers).toEqual([{ assignerHospitalId: hospitalA, value: record.value }]);
      // Combined with the other filters by AND.
      expect(await searchMrn(asReceptionist, record.value, `&lastName=${record.lastName}`)).toEqual([patientId]);
      expect(await searchMrn(asReceptionist, record.value, '&lastName=Nobody')).toEqual([]);
    });

    it('finds the patients of one value under every assigner, and takes values up to 40 characters', async () => {
      const value = freshMrn();
      const atA = await recordAs(writerA, feedRecord({ value }));
      const atB = await recordAs(writerB, feedRecord({ value, assignerHospitalId: hospitalB }));
      expect((await searchMrn(asOfficer, value)).sort()).toEqual([atA.patientId, atB.patientId].sort());
      const long = `${value}-${'9'.repeat(40)}`.slice(0, 40);
      const longest = await recordAs(writerA, feedRecord({ value: long }));
      expect(await searchMrn(asReceptionist, long)).toEqual([longest.patientId]);
      expect((await asReceptionist.get(`/patients?mrn=${long}1`)).status).toBe(400);
    });

    it('moves the identifiers to the surviving record on merge: lookups and feeds find the survivor', async () => {
      const record = feedRecord();
      const { patientId: duplicateId } = await recordAs(writerA, record);
      const survivor = await asOfficer.post('/patients').send(patientBody({ registeringHospitalId: hospitalB }));
      expect(survivor.status).toBe(201);
      const survivorId = survivor.body.id as string;

      const merged = await asOfficer.post(`/patients/${duplicateId}/merge`).send({ intoPatientId: survivorId });
      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({ status: 'merged', mergedIntoId: survivorId, externalIdentifiers: [] });
      expect(await identifierRows(record.value)).toEqual([{ assigner_hospital_id: hospitalA, patient_id: survivorId }]);
      const [event] = await outboxRows(t, duplicateId, 'patients.PatientMerged.v2');
      expect(event.payload).toMatchObject({
        mergedIntoId: survivorId,
        movedIdentifiers: [{ assignerHospitalId: hospitalA, value: record.value }],
      });
      // The survivor's own version does not change (ADR 9), but it carries the identifier now.
      const read = await asReceptionist.get(`/patients/${survivorId}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        version: 1,
        externalIdentifiers: [{ assignerHospitalId: hospitalA, value: record.value }],
      });
      expect(await searchMrn(asOfficer, record.value)).toEqual([survivorId]);

      // The next feed of the identifier finds the surviving record, and changes it to what the sender says.
      expect(await recordAs(writerA, record)).toEqual({ patientId: survivorId, outcome: 'updated' });
      expect((await asReceptionist.get(`/patients/${survivorId}`)).body).toMatchObject({
        firstName: record.firstName,
        lastName: record.lastName,
        dateOfBirth: record.birthDate,
        version: 2,
      });
      expect(await recordAs(writerA, record)).toEqual({ patientId: survivorId, outcome: 'unchanged' });
    });

    it('finds the survivor for a feed that waited on the duplicate while it was being merged', async () => {
      const record = feedRecord();
      const { patientId: duplicateId } = await recordAs(writerA, record);
      const survivor = await asOfficer.post('/patients').send(patientBody({ registeringHospitalId: hospitalA }));
      const survivorId = survivor.body.id as string;
      const officer = await editorOf(randomUUID(), 'records_officer', null, null);
      const uow = t.app.get(UnitOfWork);

      // The merge holds the duplicate's row, uncommitted, until the feed is seen waiting for it.
      let mergedUncommitted!: () => void;
      const merged = new Promise<void>((resolve) => (mergedUncommitted = resolve));
      let mayCommit!: () => void;
      const commitGate = new Promise<void>((resolve) => (mayCommit = resolve));
      const merging = uow.run(officer.actor, async () => {
        await commands.execute(new MergePatients(officer, duplicateId, survivorId));
        mergedUncommitted();
        await commitGate;
      });
      await merged;
      const feed = recordAs(writerA, { ...record, lastName: `${record.lastName}x` });
      await waitFor(async () => {
        const [{ n }] = await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return n > 0 || undefined;
      }, 'the feed to wait for the duplicate’s row');
      mayCommit();
      await merging;

      // It found the duplicate merged, read the identifier again, and changed the surviving record.
      expect(await feed).toEqual({ patientId: survivorId, outcome: 'updated' });
      expect((await asReceptionist.get(`/patients/${survivorId}`)).body).toMatchObject({
        lastName: `${record.lastName}x`,
        version: 2,
      });
      expect((await asReceptionist.get(`/patients/${duplicateId}`)).body).toMatchObject({ status: 'merged', version: 2 });
      expect(await identifierRows(record.value)).toEqual([{ assigner_hospital_id: hospitalA, patient_id: survivorId }]);
    });
  });

  describe('storage', () => {
    it('refuses a value the format does not allow, and a pair twice (the migration’s CHECK and primary key)', async () => {
      const { patientId } = await recordAs(writerA, feedRecord());
      const insert = (value: string, assigner = hospitalA) =>
        t.db
          .query('INSERT INTO patient_identifiers (assigner_hospital_id, value, patient_id) VALUES ($1, $2, $3)', [
            assigner,
            value,
            patientId,
          ])
          .then(
            () => 'stored',
            (error: { code?: string; constraint?: string }) => `${error.code} ${error.constraint}`,
          );
      for (const value of ['MRN 1001', 'MRN_1001', '---', '', 'X'.repeat(41), 'MRN-1001\n', 'ÄBC-1']) {
        expect(await insert(value)).toBe('23514 patient_identifiers_value_format');
      }
      const value = freshMrn();
      expect(await insert(value)).toBe('stored');
      expect(await insert(value)).toBe('23505 patient_identifiers_pkey');
      expect(await insert(value, hospitalB)).toBe('stored');
    });

    it('counts a patient identified by a hospital among the hospital’s references', async () => {
      const { patientId } = await recordAs(writerA, feedRecord());
      const assigner = randomUUID();
      await t.db.query('INSERT INTO patient_identifiers (assigner_hospital_id, value, patient_id) VALUES ($1, $2, $3)', [
        assigner,
        freshMrn(),
        patientId,
      ]);
      const count = (ids: string[]) => t.app.get(QueryBus).execute(new CountPatientsInHospitals(ids));
      expect(await count([assigner])).toBe(1);
      expect(await count([randomUUID()])).toBe(0);
    });
  });
});
