import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ENCRYPTED_COLUMNS } from '../../src/modules/patients/infrastructure/patient-encryption.js';
import { PatientCipher } from '../../src/modules/patients/infrastructure/patient-cipher.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { createUser, login, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  apiAs,
  type Api,
  fieldsOf,
  givenDepartment,
  givenHospital,
  linkCare,
  outboxRows,
  patientBody,
  PROBLEM,
  writeCounts,
} from './support/patients-api.js';

type Body = Record<string, unknown> & { id: string; version: number; lastName: string };

describe('changing, deactivating and merging patients', () => {
  let t: TestApp;
  /** Hospitals and departments, roles: what admin manages. It opens no patient record (ADR 25). */
  let asAdmin: Api;
  /** Searches every patient, registers anywhere, merges duplicates. */
  let asRecordsOfficer: Api;
  let asReceptionist: Api;
  let asOtherReceptionist: Api;
  let receptionist: UserWithTokens;
  let hospitalA: string;
  let hospitalB: string;
  let departmentId: string;

  const register = async (api: Api, body = patientBody(), query = ''): Promise<Body> => {
    const res = await api.post(`/patients${query}`).send(body);
    expect(res.status).toBe(201);
    return res.body as Body;
  };
  const storedRow = async (id: string) =>
    (await t.db.query<Record<string, string | number>>('SELECT * FROM patients WHERE id = $1', [id]))[0];
  const versioned = async (id: string) => (await outboxRows(t, id)).filter((e) => e.aggregate_version > 0);

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    hospitalA = await givenHospital(asAdmin);
    hospitalB = await givenHospital(asAdmin);
    departmentId = await givenDepartment(asAdmin, hospitalA, 'REG');
    asRecordsOfficer = apiAs(t, await tokenFor(t, 'records_officer'));
    receptionist = await tokenFor(t, 'receptionist', { hospitalId: hospitalA, departmentId });
    asReceptionist = apiAs(t, receptionist);
    asOtherReceptionist = apiAs(t, await tokenFor(t, 'receptionist', { hospitalId: hospitalB }));
  });
  afterAll(() => t.close());

  describe('PATCH /patients/:id', () => {
    it('needs If-Match (428) and the current version (412), writing nothing otherwise', async () => {
      const patient = await register(asReceptionist);
      const before = await writeCounts(t);
      const missing = await asReceptionist.patch(`/patients/${patient.id}`).send({ lastName: 'Changed' });
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('COMMON.PRECONDITION_REQUIRED');
      const stale = await asReceptionist.patch(`/patients/${patient.id}`).set('If-Match', '"2"').send({ lastName: 'Changed' });
      expect(stale.status).toBe(412);
      expect(stale.headers['content-type']).toMatch(PROBLEM);
      expect(stale.body).toMatchObject({ code: 'COMMON.VERSION_MISMATCH', currentVersion: 1 });
      expect(await writeCounts(t)).toEqual(before);
      expect((await storedRow(patient.id)).version).toBe(1);
    });

    it('changes the given fields, rewrites every ciphertext under the active key, and records the changed fields', async () => {
      const body = patientBody();
      const patient = await register(asReceptionist, body);
      const before = await storedRow(patient.id);
      const address = { line1: '9 Quillon Row', city: 'Fernmouth', country: 'ie' };
      const res = await asReceptionist
        .patch(`/patients/${patient.id}`)
        .set('If-Match', '"1"')
        .send({ lastName: `Renamed${patient.lastName}`, phone: null, address, sex: 'other' });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({
        ...body,
        lastName: `Renamed${patient.lastName}`,
        phone: null,
        address: { line1: '9 Quillon Row', line2: null, city: 'Fernmouth', region: null, postalCode: null, country: 'IE' },
        sex: 'other',
        version: 2,
      });
      expect((await asReceptionist.get(`/patients/${patient.id}`)).body).toEqual(res.body);

      const after = await storedRow(patient.id);
      // A row never mixes keys: every ciphertext is rewritten, changed or not.
      for (const column of Object.values(ENCRYPTED_COLUMNS)) {
        if (before[column] !== null && after[column] !== null) expect(after[column]).not.toBe(before[column]);
      }
      expect(after.pii_key_id).toBe(t.config.crypto.piiKeys[0].id);
      expect(after.last_name_bidx).not.toBe(before.last_name_bidx);
      expect(after.first_last_name_bidx).not.toBe(before.first_last_name_bidx);
      expect(after.phone_bidx).toBeNull();

      const [event] = await outboxRows(t, patient.id, 'patients.PatientUpdated.v1');
      expect(event).toMatchObject({ aggregate_type: 'Patient', aggregate_version: 2, actor: { id: receptionist.userId } });
      expect(event.payload).toEqual({
        patientId: patient.id,
        changedFields: ['lastName', 'sex', 'phone', 'address'],
        encrypted: { lastName: after.last_name, phone: null, address: after.address },
        sex: 'other',
        piiKeyId: after.pii_key_id,
      });
      expect(JSON.stringify(event.payload)).not.toContain('Renamed');
      expect(JSON.stringify(event.payload)).not.toContain('Quillon');
      const cipher = t.app.get(PatientCipher);
      expect(cipher.decryptField(patient.id, 'lastName', after.last_name as string)).toBe(`Renamed${patient.lastName}`);

      // The blind indexes follow: the new name is found, the old one no longer.
      const found = async (lastName: string) =>
        ((await asRecordsOfficer.get(`/patients?lastName=${encodeURIComponent(lastName)}`)).body.items as { id: string }[]).map(
          (p) => p.id,
        );
      expect(await found(`Renamed${patient.lastName}`)).toEqual([patient.id]);
      expect(await found(patient.lastName)).toEqual([]);
    });

    it('changes nothing and records nothing for a patch with the same values', async () => {
      const body = patientBody();
      const patient = await register(asReceptionist, body);
      const before = await storedRow(patient.id);
      const res = await asReceptionist
        .patch(`/patients/${patient.id}`)
        .set('If-Match', '"1"')
        .send({ firstName: body.firstName, address: body.address, emergencyContact: body.emergencyContact });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
      expect(res.headers.etag).toBe('"1"');
      expect(await storedRow(patient.id)).toEqual(before);
      expect(await outboxRows(t, patient.id, 'patients.PatientUpdated.v1')).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['the mrn', { mrn: 'MRN0000000018' }, 'mrn'],
      ['the status', { status: 'active' }, 'status'],
      ['mergedIntoId', { mergedIntoId: randomUUID() }, 'mergedIntoId'],
      ['the registering hospital', { registeringHospitalId: randomUUID() }, 'registeringHospitalId'],
      ['the version', { version: 9 }, 'version'],
      ['a null first name', { firstName: null }, 'firstName'],
      ['a null last name', { lastName: null }, 'lastName'],
      ['a null birth date', { dateOfBirth: null }, 'dateOfBirth'],
      ['a null sex', { sex: null }, 'sex'],
      ['a birth date in the future', { dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
      ['31 February', { dateOfBirth: '1990-02-31' }, 'dateOfBirth'],
      ['an over-long middle name', { middleName: 'M'.repeat(101) }, 'middleName'],
      ['a malformed email', { email: 'no-at-sign' }, 'email'],
      ['a malformed phone', { phone: '++12' }, 'phone'],
      ['an incomplete address', { address: { line1: '1 Road' } }, 'address.city'],
    ])('refuses to set %s (400), writing nothing', async (_case, change, field) => {
      const patient = await register(asReceptionist);
      const before = await writeCounts(t);
      const res = await asReceptionist.patch(`/patients/${patient.id}`).set('If-Match', '"1"').send(change);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(field);
      expect(await writeCounts(t)).toEqual(before);
      expect((await storedRow(patient.id)).version).toBe(1);
    });

    it('answers 404 (audited) to a caller who cannot read the patient, 403 without patients:update', async () => {
      const patient = await register(asReceptionist);
      const res = await asOtherReceptionist.patch(`/patients/${patient.id}`).set('If-Match', '"1"').send({ lastName: 'Other' });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('COMMON.NOT_FOUND');
      const denied = await queryAudited(
        t,
        `SELECT payload FROM ${AUDITED_EVENTS}
          WHERE type = 'authz.AccessDenied.v1' AND payload->>'resourceId' = $1 AND payload->>'permission' = $2`,
        [patient.id, 'patients:update'],
      );
      expect(denied).toHaveLength(1);
      expect((await storedRow(patient.id)).version).toBe(1);
      const asNurse = apiAs(t, await tokenFor(t, 'nurse', { hospitalId: hospitalA, departmentId }));
      expect((await asNurse.patch(`/patients/${patient.id}`).set('If-Match', '"1"').send({ lastName: 'X' })).status).toBe(403);
      expect(
        (await asReceptionist.patch(`/patients/${randomUUID()}`).set('If-Match', '"1"').send({ lastName: 'X' })).status,
      ).toBe(404);
    });
  });

  describe('POST /patients/:id/deactivate', () => {
    it('marks a patient inactive, then deceased, each once, under If-Match', async () => {
      const patient = await register(asReceptionist);
      const path = `/patients/${patient.id}/deactivate`;
      expect((await asReceptionist.post(path).send({})).status).toBe(428);
      expect((await asReceptionist.post(path).set('If-Match', '"3"').send({})).status).toBe(412);

      const inactive = await asReceptionist.post(path).set('If-Match', '"1"').send({});
      expect(inactive.status).toBe(200);
      expect(inactive.body).toMatchObject({ status: 'inactive', version: 2 });
      expect(inactive.headers.etag).toBe('"2"');
      const deceased = await asReceptionist.post(path).set('If-Match', '"2"').send({ reason: 'deceased' });
      expect(deceased.body).toMatchObject({ status: 'deceased', version: 3 });
      const again = await asReceptionist.post(path).set('If-Match', '"3"').send({ reason: 'deceased' });
      expect(again.status).toBe(200);
      expect(again.body.version).toBe(3);
      const back = await asReceptionist.post(path).set('If-Match', '"3"').send({ reason: 'inactive' });
      expect(back.status).toBe(409);
      expect(back.body.code).toBe('PATIENT.DECEASED');

      expect((await versioned(patient.id)).map((e) => [e.type, e.aggregate_version, e.payload])).toEqual([
        ['patients.PatientRegistered.v1', 1, expect.any(Object)],
        [
          'patients.PatientDeactivated.v1',
          2,
          { patientId: patient.id, status: 'inactive', previousStatus: 'active', mergedIntoId: null },
        ],
        [
          'patients.PatientDeactivated.v1',
          3,
          { patientId: patient.id, status: 'deceased', previousStatus: 'inactive', mergedIntoId: null },
        ],
      ]);
      // A deceased patient's details can still be corrected.
      const corrected = await asReceptionist.patch(`/patients/${patient.id}`).set('If-Match', '"3"').send({ middleName: null });
      expect(corrected.body).toMatchObject({ middleName: null, status: 'deceased', version: 4 });
    });

    it('refuses an unknown reason or field with 400', async () => {
      const patient = await register(asReceptionist);
      const path = `/patients/${patient.id}/deactivate`;
      expect(fieldsOf((await asReceptionist.post(path).set('If-Match', '"1"').send({ reason: 'gone' })).body)).toEqual([
        'reason',
      ]);
      expect(fieldsOf((await asReceptionist.post(path).set('If-Match', '"1"').send({ status: 'active' })).body)).toEqual([
        'status',
      ]);
      expect((await storedRow(patient.id)).status).toBe('active');
    });
  });

  describe('POST /patients/:id/merge', () => {
    it('turns the source into a pointer to the target and moves its care links there', async () => {
      const clinician = randomUUID();
      const target = await register(asReceptionist);
      const duplicateBody = patientBody({ firstName: target.firstName, lastName: target.lastName });
      const source = await register(
        asRecordsOfficer,
        { ...duplicateBody, registeringHospitalId: hospitalB },
        '?allowDuplicate=true',
      );
      await linkCare(t, source.id, 'user', clinician, 'encounter');
      await linkCare(t, target.id, 'user', clinician, 'encounter');
      const targetBefore = await storedRow(target.id);

      const res = await asRecordsOfficer.post(`/patients/${source.id}/merge`).send({ intoPatientId: target.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: source.id, status: 'merged', mergedIntoId: target.id, version: 2 });
      expect(res.headers.etag).toBe('"2"');

      const read = await asRecordsOfficer.get(`/patients/${source.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ status: 'merged', mergedIntoId: target.id, lastName: target.lastName });
      // The target is unchanged, apart from the care links it gained.
      expect(await storedRow(target.id)).toEqual(targetBefore);
      const links = await t.db.query<{ patient_id: string; kind: string; ref_id: string; source: string }>(
        'SELECT patient_id, kind, ref_id, source FROM patient_care_links WHERE patient_id = ANY($1) ORDER BY kind, ref_id',
        [[source.id, target.id]],
      );
      expect(links).toEqual(
        [
          { patient_id: target.id, kind: 'department', ref_id: departmentId, source: 'registration' },
          { patient_id: target.id, kind: 'hospital', ref_id: hospitalB, source: 'merge' },
          { patient_id: target.id, kind: 'user', ref_id: clinician, source: 'encounter' },
        ].sort((a, b) => a.kind.localeCompare(b.kind) || a.ref_id.localeCompare(b.ref_id)),
      );
      // Whoever read the duplicate at its hospital now reads the surviving record.
      expect((await asOtherReceptionist.get(`/patients/${target.id}`)).status).toBe(200);

      const [merged] = await outboxRows(t, source.id, 'patients.PatientMerged.v2');
      expect(merged).toMatchObject({ aggregate_version: 2 });
      expect(merged.payload).toEqual({
        patientId: source.id,
        status: 'merged',
        previousStatus: 'active',
        mergedIntoId: target.id,
        movedCareLinks: [{ kind: 'hospital', refId: hospitalB }],
        movedIdentifiers: [],
      });
      expect((await versioned(target.id)).map((e) => e.type)).toEqual(['patients.PatientRegistered.v1']);

      // A merged record is frozen, and links to it go to the surviving record.
      const patch = await asRecordsOfficer.patch(`/patients/${source.id}`).set('If-Match', '"2"').send({ middleName: null });
      expect(patch.status).toBe(409);
      expect(patch.body).toMatchObject({ code: 'PATIENT.MERGED', mergedIntoId: target.id });
      expect((await asRecordsOfficer.post(`/patients/${source.id}/deactivate`).set('If-Match', '"2"').send({})).body.code).toBe(
        'PATIENT.MERGED',
      );
      expect((await asRecordsOfficer.post(`/patients/${source.id}/merge`).send({ intoPatientId: target.id })).body.code).toBe(
        'PATIENT.MERGED',
      );
      const later = randomUUID();
      expect(await linkCare(t, source.id, 'user', later, 'appointment')).toEqual({ patientId: target.id, added: true });

      // A merged record is no duplicate candidate any more; the surviving one is.
      const dup = await asRecordsOfficer.post('/patients').send({ ...duplicateBody, registeringHospitalId: hospitalA });
      expect(dup.status).toBe(409);
      expect((dup.body.candidates as { id: string }[]).map((c) => c.id)).toEqual([target.id]);
    });

    it('refuses a merge into itself or into a merged record (422), and answers 404 for an unknown one', async () => {
      const a = await register(asReceptionist);
      const b = await register(asReceptionist);
      const c = await register(asReceptionist);
      const itself = await asRecordsOfficer.post(`/patients/${a.id}/merge`).send({ intoPatientId: a.id });
      expect(itself.status).toBe(422);
      expect(itself.body).toMatchObject({ code: 'PATIENT.MERGE_INTO_ITSELF', errors: [{ field: 'intoPatientId' }] });
      expect((await asRecordsOfficer.post(`/patients/${b.id}/merge`).send({ intoPatientId: c.id })).status).toBe(200);
      const chain = await asRecordsOfficer.post(`/patients/${a.id}/merge`).send({ intoPatientId: b.id });
      expect(chain.status).toBe(422);
      expect(chain.body).toMatchObject({ code: 'PATIENT.MERGE_TARGET_MERGED', mergedIntoId: c.id });
      expect((await asRecordsOfficer.post(`/patients/${a.id}/merge`).send({ intoPatientId: randomUUID() })).status).toBe(404);
      expect((await asRecordsOfficer.post(`/patients/${a.id}/merge`).send({ intoPatientId: 'x' })).status).toBe(400);
      expect((await storedRow(a.id)).status).toBe('active');
    });

    it('lets one of two opposite merges win, without deadlock', async () => {
      const a = await register(asReceptionist);
      const b = await register(asReceptionist);
      const results = await Promise.all([
        asRecordsOfficer.post(`/patients/${a.id}/merge`).send({ intoPatientId: b.id }),
        asRecordsOfficer.post(`/patients/${b.id}/merge`).send({ intoPatientId: a.id }),
      ]);
      // The second waits for the first's locks, then finds its target merged.
      expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
      expect(results.find((r) => r.status === 422)?.body.code).toBe('PATIENT.MERGE_TARGET_MERGED');
      const rows = await t.db.query<{ status: string }>('SELECT status FROM patients WHERE id = ANY($1) ORDER BY status', [
        [a.id, b.id],
      ]);
      expect(rows.map((r) => r.status)).toEqual(['active', 'merged']);
    });

    it('answers 404 (audited) when either record is outside the caller’s scope', async () => {
      const role = await asAdmin
        .post('/roles')
        .send({ name: 'record_keeper', permissions: ['patients:merge', 'patients:read:hospital'] });
      expect(role.status).toBe(201);
      const keeper = await createUser(t, { roles: ['record_keeper'], hospitalId: hospitalA });
      const asKeeper = apiAs(t, await login(t, keeper.email, keeper.password));
      const mine = await register(asReceptionist);
      const theirs = await register(asOtherReceptionist);
      const res = await asKeeper.post(`/patients/${mine.id}/merge`).send({ intoPatientId: theirs.id });
      expect(res.status).toBe(404);
      expect((await storedRow(mine.id)).status).toBe('active');
      const denied = await queryAudited<{ resource: string }>(
        t,
        `SELECT payload->>'resourceId' AS resource FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND aggregate_id = $1`,
        [keeper.id],
      );
      expect(denied).toEqual([{ resource: theirs.id }]);
      const mine2 = await register(asReceptionist);
      expect((await asKeeper.post(`/patients/${mine.id}/merge`).send({ intoPatientId: mine2.id })).status).toBe(200);
    });
  });
});
