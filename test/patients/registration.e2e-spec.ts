import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateMrn, luhnCheckDigit, mrnProblem } from '../../src/modules/patients/domain/mrn.js';
import type { PersonalField } from '../../src/modules/patients/domain/patient-personal-data.js';
import { PatientCipher } from '../../src/modules/patients/infrastructure/patient-cipher.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  apiAs,
  type Api,
  auditedRows,
  fieldsOf,
  givenDepartment,
  givenHospital,
  outboxRows,
  patientBody,
  personalValuesOf,
  PROBLEM,
  writeCounts,
} from './support/patients-api.js';

const PREFIX = 'TST';

describe('patient registration', () => {
  let t: TestApp;
  let asAdmin: Api;
  /** patients:read unscoped, placed in no hospital (ADR 25: admin registers no patient). */
  let asRecordsOfficer: Api;
  let asReceptionist: Api;
  let receptionist: UserWithTokens;
  let hospitalId: string;
  let otherHospitalId: string;
  let departmentId: string;

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000', PATIENT_MRN_PREFIX: PREFIX },
    });
    asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    hospitalId = await givenHospital(asAdmin);
    otherHospitalId = await givenHospital(asAdmin);
    departmentId = await givenDepartment(asAdmin, hospitalId, 'FRONT');
    asRecordsOfficer = apiAs(t, await tokenFor(t, 'records_officer'));
    receptionist = await tokenFor(t, 'receptionist', { hospitalId, departmentId });
    asReceptionist = apiAs(t, receptionist);
  });
  afterAll(() => t.close());

  const register = async (body: Record<string, unknown>, query = '') => {
    const res = await asReceptionist.post(`/patients${query}`).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; mrn: string; version: number } & Record<string, unknown>;
  };

  describe('POST /patients', () => {
    it('registers at the caller’s hospital with a generated MRN, answers the full record with Location and ETag', async () => {
      const body = patientBody();
      const res = await asReceptionist.post('/patients').send(body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        ...body,
        id: expect.any(String),
        mrn: expect.stringMatching(/^TST\d{10}$/),
        externalIdentifiers: [],
        registeringHospitalId: hospitalId,
        status: 'active',
        mergedIntoId: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(mrnProblem(res.body.mrn as string)).toBeUndefined();
      expect(res.headers.location).toBe(`/api/v1/patients/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      // Round trip through the encrypted row.
      const read = await asReceptionist.get(`/patients/${res.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it('links the registering user’s department, and records PatientRegistered with ciphertexts only', async () => {
      const body = patientBody({ middleName: null, address: null });
      const patient = await register(body);
      const links = await t.db.query('SELECT kind, ref_id, source FROM patient_care_links WHERE patient_id = $1', [patient.id]);
      expect(links).toEqual([{ kind: 'department', ref_id: departmentId, source: 'registration' }]);

      const events = await outboxRows(t, patient.id);
      expect(events.map((e) => [e.type, e.aggregate_type, e.aggregate_version])).toEqual([
        ['patients.PatientRegistered.v1', 'Patient', 1],
        ['patients.PatientCareLinked.v1', 'Patient', 0],
      ]);
      const [registered, linked] = events;
      expect(registered.actor).toMatchObject({ kind: 'user', id: receptionist.userId });
      expect(linked.payload).toEqual({ patientId: patient.id, kind: 'department', refId: departmentId, source: 'registration' });
      const [row] = await t.db.query<Record<string, string>>('SELECT * FROM patients WHERE id = $1', [patient.id]);
      expect(registered.payload).toEqual({
        patientId: patient.id,
        mrn: patient.mrn,
        sex: 'female',
        status: 'active',
        mergedIntoId: null,
        registeringHospitalId: hospitalId,
        piiKeyId: row.pii_key_id,
        duplicateConfirmed: false,
        encrypted: {
          firstName: row.first_name,
          middleName: null,
          lastName: row.last_name,
          dateOfBirth: row.date_of_birth,
          phone: row.phone,
          email: row.email,
          address: null,
          nationalId: row.national_id,
          emergencyContact: row.emergency_contact,
          preferredLanguage: row.preferred_language,
        },
      });
      // The event alone, with the keyring, gives the data back: what a history needs.
      const cipher = t.app.get(PatientCipher);
      const encrypted = registered.payload.encrypted as Record<PersonalField, string | null>;
      expect(cipher.decryptField(patient.id, 'lastName', encrypted.lastName)).toBe(body.lastName);
      expect(cipher.decryptField(patient.id, 'emergencyContact', encrypted.emergencyContact)).toEqual(body.emergencyContact);
      const text = JSON.stringify(events);
      for (const value of [...personalValuesOf(body), '1971-03-14']) expect(text).not.toContain(value);
    });

    it('stores no personal value in clear text anywhere in the row', async () => {
      const body = patientBody({ dateOfBirth: '1962-11-05' });
      const patient = await register(body);
      const [{ row }] = await t.db.query<{ row: string }>('SELECT p::text AS row FROM patients p WHERE id = $1', [patient.id]);
      expect(row).toContain(patient.mrn);
      for (const value of [...personalValuesOf(body), '1962-11-05', '19621105', 'en-GB', 'Testshire', 'cousin']) {
        expect(row).not.toContain(value);
      }
      const [stored] = await t.db.query<Record<string, string>>('SELECT * FROM patients WHERE id = $1', [patient.id]);
      expect(stored.pii_key_id).toBe(t.config.crypto.piiKeys[0].id);
      expect(stored.blind_index_key_id).toBe(t.config.crypto.blindIndexKeys[0].id);
      for (const column of ['first_name', 'last_name', 'date_of_birth', 'phone', 'email', 'address', 'national_id']) {
        expect(stored[column]).toMatch(new RegExp(`^v1\\.${stored.pii_key_id}\\.`));
      }
      for (const column of ['last_name_bidx', 'first_last_name_bidx', 'date_of_birth_bidx', 'phone_bidx', 'email_bidx']) {
        expect(stored[column]).toMatch(/^[0-9a-f]{32}$/);
      }
    });

    it('generates MRNs from the sequence with a Luhn check digit, skipping one an import already holds', async () => {
      const [{ last }] = await t.db.query<{ last: string }>(
        'SELECT (CASE WHEN is_called THEN last_value ELSE last_value - 1 END)::text AS last FROM patient_mrn_seq',
      );
      const next = BigInt(last) + 1n;
      // An import took the number the sequence would give next.
      const imported = await register(patientBody({ mrn: generateMrn(PREFIX, next) }));
      expect(imported.mrn).toBe(generateMrn(PREFIX, next));
      const generated = await register(patientBody());
      expect(generated.mrn).toBe(generateMrn(PREFIX, next + 1n));
    });

    it('takes a supplied MRN whose check digit is right, and refuses it once taken (409)', async () => {
      const digits = `40${Date.now()}`.slice(0, 12);
      const mrn = `IMP${digits}${luhnCheckDigit(digits)}`;
      expect((await register(patientBody({ mrn }))).mrn).toBe(mrn);
      const before = await writeCounts(t);
      const taken = await asReceptionist.post('/patients').send(patientBody({ mrn }));
      expect(taken.status).toBe(409);
      expect(taken.headers['content-type']).toMatch(PROBLEM);
      expect(taken.body).toMatchObject({ code: 'PATIENT.MRN_TAKEN', errors: [{ field: 'mrn' }] });
      expect(await writeCounts(t)).toEqual(before);
    });

    it('refuses an MRN with a wrong check digit with 422 PATIENT.MRN_CHECK_DIGIT naming mrn, and writes nothing', async () => {
      const digits = '123456789';
      const wrong = `IMP${digits}${(luhnCheckDigit(digits) + 1) % 10}`;
      const before = await writeCounts(t);
      const res = await asReceptionist.post('/patients').send(patientBody({ mrn: wrong }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'PATIENT.MRN_CHECK_DIGIT',
        errors: [{ field: 'mrn', message: expect.any(String) }],
      });
      expect(await writeCounts(t)).toEqual(before);
    });
  });

  describe('registering hospital', () => {
    it('answers 422 PATIENT.UNKNOWN_HOSPITAL for a hospital that does not exist', async () => {
      const before = await writeCounts(t);
      const res = await asReceptionist.post('/patients').send(patientBody({ registeringHospitalId: randomUUID() }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'PATIENT.UNKNOWN_HOSPITAL', errors: [{ field: 'registeringHospitalId' }] });
      expect(await writeCounts(t)).toEqual(before);
    });

    it('answers 422 PATIENT.HOSPITAL_OUT_OF_SCOPE when a hospital-scoped caller names another hospital, and audits the refusal', async () => {
      const before = await writeCounts(t);
      const res = await asReceptionist.post('/patients').send(patientBody({ registeringHospitalId: otherHospitalId }));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PATIENT.HOSPITAL_OUT_OF_SCOPE');
      expect(await writeCounts(t)).toEqual(before);
      const denials = await queryAudited<{ payload: Record<string, unknown> }>(
        t,
        `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND aggregate_id = $1 AND payload->>'resourceId' = $2`,
        [receptionist.userId, otherHospitalId],
      );
      expect(denials.map((d) => d.payload)).toEqual([
        expect.objectContaining({
          userId: receptionist.userId,
          reason: 'out-of-scope',
          permission: 'patients:register',
          resourceType: 'Hospital',
          resourceId: otherHospitalId,
        }),
      ]);
    });

    it('lets a caller who reads every patient register anywhere, but asks one without a hospital to name it', async () => {
      const res = await asRecordsOfficer.post('/patients').send(patientBody({ registeringHospitalId: otherHospitalId }));
      expect(res.status).toBe(201);
      expect(res.body.registeringHospitalId).toBe(otherHospitalId);
      // The records officer has no department: no care link.
      expect(await t.db.query('SELECT 1 FROM patient_care_links WHERE patient_id = $1', [res.body.id])).toEqual([]);
      const missing = await asRecordsOfficer.post('/patients').send(patientBody());
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing.body)).toEqual(['registeringHospitalId']);
    });
  });

  describe('possible duplicates', () => {
    it('answers 409 with the candidates (ids only) for the same name and birth date, whatever the spelling', async () => {
      const body = patientBody();
      const first = await register(body);
      const before = await writeCounts(t);
      const again = patientBody({
        firstName: ` ${(body.firstName as string).toUpperCase()} `,
        lastName: (body.lastName as string).toLowerCase(),
        dateOfBirth: body.dateOfBirth,
      });
      const res = await asReceptionist.post('/patients').send(again);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ status: 409, code: 'PATIENT.POSSIBLE_DUPLICATE' });
      expect(res.body.candidates).toEqual([
        { id: first.id, mrn: first.mrn, externalIdentifiers: [], registeringHospitalId: hospitalId, status: 'active' },
      ]);
      expect(res.body.candidatesOutsideScope).toBe(0);
      const text = JSON.stringify(res.body);
      for (const value of personalValuesOf(body)) expect(text).not.toContain(value);
      expect(text).not.toContain(body.dateOfBirth);
      // Nothing registered; only the answer is recorded, as an access to the match.
      expect(await writeCounts(t)).toEqual({ ...before, events: before.events + 1 });
      const [answered] = await auditedRows(t, first.id, 'patients.PatientMatchedAsDuplicate.v1');
      expect(answered.payload).toEqual({ patientId: first.id, disclosed: 'listed', purposeOfUse: 'PATADMIN' });
      expect(answered.actor).toMatchObject({ kind: 'user', id: receptionist.userId });

      const confirmed = await asReceptionist.post('/patients?allowDuplicate=true').send(again);
      expect(confirmed.status).toBe(201);
      expect(confirmed.body.id).not.toBe(first.id);
      const [event] = await outboxRows(t, confirmed.body.id as string, 'patients.PatientRegistered.v1');
      expect(event.payload.duplicateConfirmed).toBe(true);
    });

    it('does not treat the same name with another birth date as a duplicate', async () => {
      const body = patientBody();
      await register(body);
      await register({ ...patientBody(), firstName: body.firstName, lastName: body.lastName, dateOfBirth: '1990-01-01' });
    });

    it('lets exactly one of simultaneous identical registrations through', async () => {
      const body = patientBody();
      const results = await Promise.all(Array.from({ length: 5 }, () => asReceptionist.post('/patients').send(body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      const winner = results.find((r) => r.status === 201)!;
      for (const loser of results.filter((r) => r.status === 409)) {
        expect(loser.body.code).toBe('PATIENT.POSSIBLE_DUPLICATE');
        expect(loser.body.candidates).toEqual([expect.objectContaining({ id: winner.body.id })]);
      }
      const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM patients WHERE first_last_name_bidx = $1', [
        (await t.db.query<{ b: string }>('SELECT first_last_name_bidx AS b FROM patients WHERE id = $1', [winner.body.id]))[0].b,
      ]);
      expect(n).toBe(1);
    });

    it('answers 400 for allowDuplicate that is not true or false', async () => {
      const res = await asReceptionist.post('/patients?allowDuplicate=yes').send(patientBody());
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['allowDuplicate']);
    });
  });

  describe('bad input: a clear 400 naming the field, and nothing written', () => {
    const future = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const address = () => patientBody().address as Record<string, unknown>;
    const contact = () => patientBody().emergencyContact as Record<string, unknown>;

    it.each<[string, Record<string, unknown>, string]>([
      ['a birth date in the future', { dateOfBirth: future }, 'dateOfBirth'],
      ['31 February', { dateOfBirth: '2001-02-31' }, 'dateOfBirth'],
      ['29 February of a common year', { dateOfBirth: '2001-02-29' }, 'dateOfBirth'],
      ['a birth date before 1900', { dateOfBirth: '1899-12-31' }, 'dateOfBirth'],
      ['a birth date in another format', { dateOfBirth: '14/03/1971' }, 'dateOfBirth'],
      ['a missing birth date', { dateOfBirth: undefined }, 'dateOfBirth'],
      ['an empty first name', { firstName: '   ' }, 'firstName'],
      ['a first name over 100 characters', { firstName: 'A'.repeat(101) }, 'firstName'],
      ['a last name over 100 characters', { lastName: 'B'.repeat(101) }, 'lastName'],
      ['a last name without a letter', { lastName: '--' }, 'lastName'],
      ['a missing last name', { lastName: undefined }, 'lastName'],
      ['a middle name over 100 characters', { middleName: 'C'.repeat(101) }, 'middleName'],
      ['an unknown sex', { sex: 'yes' }, 'sex'],
      ['a missing sex', { sex: undefined }, 'sex'],
      ['a phone with letters', { phone: '555-CALL-NOW' }, 'phone'],
      ['a phone with too few digits', { phone: '12 34 56' }, 'phone'],
      ['a phone with too many digits', { phone: '+1234 5678 9012 3456' }, 'phone'],
      ['a malformed email', { email: 'zelinda.at.example.test' }, 'email'],
      ['an email over 254 characters', { email: `${'e'.repeat(250)}@example.test` }, 'email'],
      ['a national id with symbols', { nationalId: 'AB/12#34' }, 'nationalId'],
      ['a national id over 40 characters', { nationalId: '1'.repeat(41) }, 'nationalId'],
      ['an address without city', { address: { ...address(), city: undefined } }, 'address.city'],
      ['an address line over 200 characters', { address: { ...address(), line1: 'L'.repeat(201) } }, 'address.line1'],
      ['an unknown country', { address: { ...address(), country: 'XX' } }, 'address.country'],
      ['an unknown address field', { address: { ...address(), floor: '3' } }, 'address.floor'],
      ['an emergency contact with a bad phone', { emergencyContact: { ...contact(), phone: 'none' } }, 'emergencyContact.phone'],
      ['an emergency contact without name', { emergencyContact: { ...contact(), name: '' } }, 'emergencyContact.name'],
      ['a language that is no BCP 47 tag', { preferredLanguage: 'English' }, 'preferredLanguage'],
      ['an MRN of the wrong shape', { mrn: 'mrn-42' }, 'mrn'],
      ['a client-set status', { status: 'deceased' }, 'status'],
      ['a client-set mergedIntoId', { mergedIntoId: randomUUID() }, 'mergedIntoId'],
      ['a client-set id', { id: randomUUID() }, 'id'],
      ['a client-set version', { version: 7 }, 'version'],
      ['a registering hospital that is no UUID', { registeringHospitalId: 'main' }, 'registeringHospitalId'],
    ])('%s', async (_case, change, field) => {
      const before = await writeCounts(t);
      const body = patientBody(change);
      for (const [key, value] of Object.entries(change)) if (value === undefined) delete body[key];
      const res = await asReceptionist.post('/patients').send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(res.body)).toContain(field);
      // Values are never echoed back.
      expect(JSON.stringify(res.body)).not.toContain(String(body.email));
      expect(await writeCounts(t)).toEqual(before);
    });

    it('is refused to roles that may not register (403)', async () => {
      const asNurse = apiAs(t, await tokenFor(t, 'nurse', { hospitalId, departmentId }));
      const res = await asNurse.post('/patients').send(patientBody());
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.PERMISSION_REQUIRED');
    });
  });
});
