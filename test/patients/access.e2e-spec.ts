import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { bearer, createUser, login, tokenFor, untilGrantEnded, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  apiAs,
  type Api,
  auditedRows,
  fieldsOf,
  givenDepartment,
  givenHospital,
  linkCare,
  outboxRows,
  patientBody,
  personalValuesOf,
  PROBLEM,
} from './support/patients-api.js';

const HIDDEN = '********';
const GRANT_SECONDS = 2;

interface Patient {
  id: string;
  lastName: string;
  version: number;
}

describe('reading patients: masking, scopes, break-the-glass, access events', () => {
  let t: TestApp;
  let asAdmin: Api;
  let hospitalA: string;
  let hospitalB: string;
  let cardiology: string;
  let oncology: string;
  /** patients:read unscoped (the records officer): admin opens no patient record (ADR 25). */
  let officer: UserWithTokens;
  let receptionist: UserWithTokens;
  let doctor: UserWithTokens;
  let nurse: UserWithTokens;
  let otherNurse: UserWithTokens;
  let pharmacist: UserWithTokens;
  let otherPharmacist: UserWithTokens;
  let clerk: UserWithTokens;
  let otherDoctor: UserWithTokens;
  let body: Record<string, unknown>;
  let patient: Patient;

  const as = (who: UserWithTokens, purpose?: string) => apiAs(t, who, purpose);
  const accessEvents = async (patientId: string, userId: string) =>
    (await auditedRows(t, patientId, 'patients.PatientRecordAccessed.v1')).filter((row) => row.actor.id === userId);
  const denials = (userId: string, patientId: string) =>
    queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND aggregate_id = $1 AND payload->>'resourceId' = $2`,
      [userId, patientId],
    );

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_MAX: '100000',
        EMERGENCY_ACCESS_SECONDS: String(GRANT_SECONDS),
      },
    });
    const admin = await tokenFor(t, 'admin');
    asAdmin = apiAs(t, admin);
    hospitalA = await givenHospital(asAdmin);
    hospitalB = await givenHospital(asAdmin);
    cardiology = await givenDepartment(asAdmin, hospitalA, 'CARD');
    oncology = await givenDepartment(asAdmin, hospitalA, 'ONC');
    const elsewhere = await givenDepartment(asAdmin, hospitalB, 'ER');
    officer = await tokenFor(t, 'records_officer');
    receptionist = await tokenFor(t, 'receptionist', { hospitalId: hospitalA, departmentId: cardiology });
    doctor = await tokenFor(t, 'doctor', { hospitalId: hospitalA, departmentId: cardiology });
    nurse = await tokenFor(t, 'nurse', { hospitalId: hospitalA, departmentId: cardiology });
    otherNurse = await tokenFor(t, 'nurse', { hospitalId: hospitalA, departmentId: oncology });
    pharmacist = await tokenFor(t, 'pharmacist', { hospitalId: hospitalA });
    otherPharmacist = await tokenFor(t, 'pharmacist', { hospitalId: hospitalB });
    otherDoctor = await tokenFor(t, 'doctor', { hospitalId: hospitalB, departmentId: elsewhere });
    // No built-in role reads only its own patients: a custom one does.
    const role = await asAdmin.post('/roles').send({ name: 'ward_clerk', permissions: ['patients:read:own'] });
    expect(role.status).toBe(201);
    const created = await createUser(t, { roles: ['ward_clerk'], hospitalId: hospitalA, departmentId: cardiology });
    clerk = {
      ...(await login(t, created.email, created.password)),
      userId: created.id,
      email: created.email,
      password: created.password,
    };

    body = patientBody();
    const res = await as(receptionist).post('/patients').send(body);
    expect(res.status).toBe(201);
    patient = res.body as Patient;
  });
  afterAll(() => t.close());

  describe('masking', () => {
    it('shows everything to holders of patients:read-sensitive', async () => {
      const res = await as(doctor).get(`/patients/${patient.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject(body);
      expect(res.headers.etag).toBe('"1"');
    });

    it('masks national id, phone, email, address and emergency contact for others; names and birth date stay', async () => {
      const res = await as(nurse).get(`/patients/${patient.id}`);
      expect(res.status).toBe(200);
      const last4 = (value: unknown) => `${'*'.repeat(String(value).length - 4)}${String(value).slice(-4)}`;
      const contact = body.emergencyContact as Record<string, string>;
      expect(res.body).toEqual({
        id: patient.id,
        mrn: expect.any(String),
        externalIdentifiers: [],
        firstName: body.firstName,
        middleName: body.middleName,
        lastName: body.lastName,
        dateOfBirth: body.dateOfBirth,
        sex: body.sex,
        phone: last4(body.phone),
        email: last4(body.email),
        address: { line1: HIDDEN, line2: HIDDEN, city: HIDDEN, region: HIDDEN, postalCode: HIDDEN, country: 'GB' },
        nationalId: last4(body.nationalId),
        emergencyContact: { name: HIDDEN, relationship: HIDDEN, phone: last4(contact.phone) },
        preferredLanguage: body.preferredLanguage,
        registeringHospitalId: hospitalA,
        status: 'active',
        mergedIntoId: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const text = JSON.stringify(res.body);
      for (const value of [body.email, body.nationalId, contact.name, (body.address as Record<string, string>).line1]) {
        expect(text).not.toContain(value);
      }
    });
  });

  describe('scopes', () => {
    it('department: the registering user’s department reads; another department gets 404, audited as denied', async () => {
      expect((await as(nurse).get(`/patients/${patient.id}`)).status).toBe(200);
      const refused = await as(otherNurse).get(`/patients/${patient.id}`);
      expect(refused.status).toBe(404);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body).toMatchObject({ code: 'COMMON.NOT_FOUND' });
      // Exactly like an id that does not exist.
      const missing = await as(otherNurse).get(`/patients/${randomUUID()}`);
      expect(missing.status).toBe(404);
      expect(Object.keys(missing.body).sort()).toEqual(Object.keys(refused.body).sort());
      expect(await denials(otherNurse.userId, patient.id)).toEqual([
        {
          payload: expect.objectContaining({
            userId: otherNurse.userId,
            reason: 'out-of-scope',
            permission: 'patients:read',
            resourceType: 'Patient',
            resourceId: patient.id,
          }),
        },
      ]);
      expect(await accessEvents(patient.id, otherNurse.userId)).toEqual([]);
    });

    it('department: a care link added by another context (LinkPatientCare) opens it, once', async () => {
      expect(await linkCare(t, patient.id, 'department', oncology, 'admission')).toEqual({ patientId: patient.id, added: true });
      expect(await linkCare(t, patient.id, 'department', oncology, 'admission')).toEqual({ patientId: patient.id, added: false });
      expect((await as(otherNurse).get(`/patients/${patient.id}`)).status).toBe(200);
      const linked = (await outboxRows(t, patient.id, 'patients.PatientCareLinked.v1')).filter(
        (e) => e.payload.refId === oncology,
      );
      expect(linked).toEqual([
        expect.objectContaining({
          aggregate_version: 0,
          payload: { patientId: patient.id, kind: 'department', refId: oncology, source: 'admission' },
        }),
      ]);
    });

    it('hospital: registered at the user’s hospital, or linked to it', async () => {
      expect((await as(pharmacist).get(`/patients/${patient.id}`)).status).toBe(200);
      expect((await as(otherPharmacist).get(`/patients/${patient.id}`)).status).toBe(404);
      await linkCare(t, patient.id, 'hospital', hospitalB, 'referral');
      expect((await as(otherPharmacist).get(`/patients/${patient.id}`)).status).toBe(200);
    });

    it('own: only patients linked to the user', async () => {
      expect((await as(clerk).get(`/patients/${patient.id}`)).status).toBe(404);
      await linkCare(t, patient.id, 'user', clerk.userId, 'appointment');
      expect((await as(clerk).get(`/patients/${patient.id}`)).status).toBe(200);
    });

    it('all: every patient', async () => {
      const elsewhere = await as(officer)
        .post('/patients')
        .send(patientBody({ registeringHospitalId: hospitalB }));
      expect(elsewhere.status).toBe(201);
      expect((await as(officer).get(`/patients/${elsewhere.body.id}`)).status).toBe(200);
      expect((await as(doctor).get(`/patients/${elsewhere.body.id}`)).status).toBe(404);
    });

    it('answers 404 without a denial for an unknown id, and 400 for an id that is no UUID', async () => {
      const unknown = randomUUID();
      expect((await as(nurse).get(`/patients/${unknown}`)).status).toBe(404);
      expect(await denials(nurse.userId, unknown)).toEqual([]);
      expect((await as(nurse).get('/patients/someone')).status).toBe(400);
    });

    it('lists only what a GET would show', async () => {
      const other = patientBody({ lastName: body.lastName, firstName: `Other${randomUUID().slice(0, 4)}` });
      const elsewhere = await as(officer)
        .post('/patients')
        .send({ ...other, registeringHospitalId: hospitalB });
      expect(elsewhere.status).toBe(201);
      const search = `/patients?lastName=${encodeURIComponent(body.lastName as string)}`;
      const ids = async (who: UserWithTokens) => ((await as(who).get(search)).body.items as { id: string }[]).map((p) => p.id);
      expect(await ids(nurse)).toEqual([patient.id]);
      expect(await ids(pharmacist)).toEqual([patient.id]);
      expect(await ids(otherPharmacist)).toEqual([patient.id, elsewhere.body.id]);
      expect(await ids(otherDoctor)).toEqual([]);
      expect((await as(officer).get(search)).body.items).toHaveLength(2);
      // Each id a list shows, a GET shows too.
      for (const who of [nurse, pharmacist, otherPharmacist, clerk]) {
        for (const id of await ids(who)) expect((await as(who).get(`/patients/${id}`)).status).toBe(200);
      }
    });
  });

  describe('break-the-glass', () => {
    it('opens one patient for the grant’s duration, marks those reads, then closes again', async () => {
      const target = await as(receptionist).post('/patients').send(patientBody());
      const id = target.body.id as string;
      const search = `/patients?lastName=${encodeURIComponent(target.body.lastName as string)}`;
      expect((await as(otherDoctor).get(`/patients/${id}`)).status).toBe(404);
      expect((await as(otherDoctor).get(search)).body.items).toEqual([]);

      const grant = await t
        .http()
        .post('/api/v1/auth/emergency-access')
        .set('Authorization', bearer(otherDoctor.accessToken))
        .send({ patientId: id, reason: 'Unconscious on arrival, medication history needed' });
      expect(grant.status).toBe(201);
      const read = await as(otherDoctor, 'emergency').get(`/patients/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.lastName).toBe(target.body.lastName);
      expect(((await as(otherDoctor).get(search)).body.items as { id: string }[]).map((p) => p.id)).toEqual([id]);
      expect((await as(otherDoctor).get(`/patients/${patient.id}`)).status).toBe(404);
      const events = await accessEvents(id, otherDoctor.userId);
      expect(events.map((e) => e.payload)).toEqual([
        { patientId: id, access: 'read', purposeOfUse: 'ETREAT', emergencyGrantId: grant.body.grantId, breakGlass: true },
        {
          patientId: id,
          access: 'search',
          purposeOfUse: 'TREAT',
          emergencyGrantId: grant.body.grantId,
          breakGlass: true,
          filters: ['lastName'],
        },
      ]);

      await untilGrantEnded(t, otherDoctor, grant.body.grantId as string);
      expect((await as(otherDoctor).get(`/patients/${id}`)).status).toBe(404);
      expect((await as(otherDoctor).get(search)).body.items).toEqual([]);
    });

    it('does not mark reads the caller’s own scope allows', async () => {
      await as(doctor).get(`/patients/${patient.id}`);
      const events = await accessEvents(patient.id, doctor.userId);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) expect(event.payload.emergencyGrantId).toBeUndefined();
    });
  });

  describe('access events', () => {
    it('records each read with the actor and the declared purpose of use as its HL7 code, TREAT by default', async () => {
      const before = (await accessEvents(patient.id, pharmacist.userId)).length;
      expect((await as(pharmacist, 'billing').get(`/patients/${patient.id}`)).status).toBe(200);
      expect((await as(pharmacist).get(`/patients/${patient.id}`)).status).toBe(200);
      const events = (await accessEvents(patient.id, pharmacist.userId)).slice(before);
      expect(events).toEqual([
        expect.objectContaining({
          aggregate_type: 'Patient',
          aggregate_id: patient.id,
          aggregate_version: 0,
          payload: { patientId: patient.id, access: 'read', purposeOfUse: 'HPAYMT' },
          actor: expect.objectContaining({ kind: 'user', id: pharmacist.userId, roles: ['pharmacist'] }),
        }),
        expect.objectContaining({ payload: { patientId: patient.id, access: 'read', purposeOfUse: 'TREAT' } }),
      ]);
      const text = JSON.stringify(events);
      for (const value of personalValuesOf(body)) expect(text).not.toContain(value);
    });

    it('refuses a purpose of use outside the HL7 vocabulary with 400 and records nothing', async () => {
      const before = (await accessEvents(patient.id, pharmacist.userId)).length;
      for (const purpose of ['Billing', 'because i said so', 'x'.repeat(65), 'quality-review-2']) {
        const res = await as(pharmacist, purpose).get(`/patients/${patient.id}`);
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual(['X-Purpose-Of-Use']);
      }
      expect(await accessEvents(patient.id, pharmacist.userId)).toHaveLength(before);
    });
  });

  describe('integrity of the stored record', () => {
    const flipInMiddle = (column: string) =>
      `UPDATE patients SET ${column} = overlay(${column} placing
         CASE WHEN substr(${column}, length(${column}) - 10, 1) = 'A' THEN 'B' ELSE 'A' END
         from length(${column}) - 10 for 1) WHERE id = $1`;

    const expectUnreadable = async (id: string, values: string[]) => {
      const res = await as(officer).get(`/patients/${id}`);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 500, code: 'PATIENT.UNREADABLE', patientId: id });
      const text = JSON.stringify(res.body);
      for (const value of values) expect(text).not.toContain(value);
      expect(text).not.toMatch(/v1\.[\w-]+\.[\w-]+\./);
      // The record was opened (its access event goes with the row, ADR 29) and nothing left: the trail says both.
      const opened = await auditedRows(t, id, 'patients.PatientRecordAccessed.v1');
      const failed = await auditedRows(t, id, 'patients.PatientRecordUnreadable.v1');
      expect(opened).toHaveLength(1);
      expect(failed).toEqual([expect.objectContaining({ payload: { patientId: id } })]);
      // The log names the patient id only.
      const logged = t.logs.lines.filter((line) => line.includes(id));
      expect(logged.length).toBeGreaterThan(0);
      for (const value of values) expect(t.logs.text()).not.toContain(value);
    };

    it('answers 500 PATIENT.UNREADABLE for a tampered ciphertext, serving nothing', async () => {
      const tampered = patientBody();
      const res = await as(receptionist).post('/patients').send(tampered);
      await t.db.query(flipInMiddle('email'), [res.body.id]);
      await expectUnreadable(res.body.id as string, personalValuesOf(tampered));
    });

    it('answers the same for a ciphertext copied into another column', async () => {
      const swapped = patientBody();
      const res = await as(receptionist).post('/patients').send(swapped);
      await t.db.query('UPDATE patients SET first_name = last_name WHERE id = $1', [res.body.id]);
      await expectUnreadable(res.body.id as string, personalValuesOf(swapped));
    });

    it('answers the same for a ciphertext copied from another patient', async () => {
      const copied = patientBody();
      const res = await as(receptionist).post('/patients').send(copied);
      await t.db.query('UPDATE patients SET last_name = (SELECT last_name FROM patients WHERE id = $2) WHERE id = $1', [
        res.body.id,
        patient.id,
      ]);
      await expectUnreadable(res.body.id as string, [...personalValuesOf(copied), body.lastName as string]);
    });
  });
});
