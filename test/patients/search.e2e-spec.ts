import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { blindIndex, normaliseName } from '@hms/crypto';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, auditedRows, fieldsOf, givenDepartment, givenHospital, patientBody } from './support/patients-api.js';

const key = () => randomBytes(32).toString('base64');

describe('searching patients', () => {
  let t: TestApp;
  let asAdmin: Api;
  /** Searches every patient (patients:read unscoped): admin opens no patient record (ADR 25). */
  let asOfficer: Api;
  let receptionist: UserWithTokens;
  let hospitalId: string;
  let tag: string;
  let target: { id: string; mrn: string };
  let others: { id: string }[];

  // Invented person with accents, a hyphen, an apostrophe and formatted numbers, so normalisation is exercised.
  const person = () => ({
    firstName: 'Ana-Lúcia',
    lastName: `D'Ávila-Ødegård ${tag}`,
    dateOfBirth: '1933-07-21',
    phone: `+351 (21) 555-${tag.length}0${String(Date.now()).slice(-3)}`,
    email: `Ana.Lucia.${tag}@Example.TEST`,
    nationalId: `ab-12 34 ${tag.slice(0, 3)}`,
  });
  let values: ReturnType<typeof person>;

  const ids = async (query: string, who: Api = asOfficer) => {
    const res = await who.get(`/patients?${query}`);
    expect(res.status).toBe(200);
    return (res.body.items as { id: string }[]).map((p) => p.id);
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_MAX: '100000',
        // Two index keys: the first indexes new rows, both are searched (a blind-index rotation in progress).
        PII_BLIND_INDEX_KEYS: `k2:${key()},k1:${key()}`,
      },
    });
    asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    asOfficer = apiAs(t, await tokenFor(t, 'records_officer'));
    hospitalId = await givenHospital(asAdmin);
    const departmentId = await givenDepartment(asAdmin, hospitalId, 'REG');
    receptionist = await tokenFor(t, 'receptionist', { hospitalId, departmentId });
    tag = randomUUID()
      .replace(/[^a-f]/g, '')
      .slice(0, 6);
    values = person();
    const res = await apiAs(t, receptionist)
      .post('/patients')
      .send(patientBody({ ...values, middleName: null }));
    expect(res.status).toBe(201);
    target = res.body as { id: string; mrn: string };
    // Same last name, other first names and birth dates.
    others = [];
    for (const firstName of ['Bruno', 'Carla', 'Dinis']) {
      const other = await apiAs(t, receptionist)
        .post('/patients')
        .send(patientBody({ firstName, lastName: values.lastName, dateOfBirth: '1980-01-01' }));
      expect(other.status).toBe(201);
      others.push(other.body as { id: string });
    }
  });
  afterAll(() => t.close());

  const q = (filters: Record<string, string>) => new URLSearchParams(filters).toString();

  it.each<[string, (v: ReturnType<typeof person>) => Record<string, string>]>([
    [
      'last name, any case and without accents',
      (v) => ({ lastName: `D AVILA odegard ${tag.toUpperCase()}`, dateOfBirth: v.dateOfBirth }),
    ],
    ['first and last name, punctuation ignored', (v) => ({ firstName: 'ANA LUCIA', lastName: v.lastName.toLowerCase() })],
    [
      'first and last name with birth date',
      (v) => ({ firstName: 'ana-lucia', lastName: v.lastName, dateOfBirth: v.dateOfBirth }),
    ],
    ['birth date', (v) => ({ dateOfBirth: v.dateOfBirth })],
    ['phone, digits only', (v) => ({ phone: v.phone.replace(/\D/g, '') })],
    ['phone, other punctuation', (v) => ({ phone: v.phone.replace(/[()-]/g, '.').replace(/\s/g, '') })],
    ['email, other case and spaces', (v) => ({ email: `  ${v.email.toLowerCase()} ` })],
    ['national id, separators and case ignored', (v) => ({ nationalId: v.nationalId.replace(/[\s-]/g, '').toUpperCase() })],
    ['mrn', () => ({ mrn: target.mrn })],
    ['every filter at once (AND)', (v) => ({ ...v, status: 'active', registeringHospitalId: hospitalId, mrn: target.mrn })],
  ])('finds the patient by %s', async (_case, filters) => {
    expect(await ids(q(filters(values)))).toEqual([target.id]);
  });

  it('matches exactly: partial values and one wrong filter find nothing', async () => {
    expect(await ids(q({ firstName: 'Ana', lastName: values.lastName }))).toEqual([]);
    expect(await ids(q({ lastName: values.lastName.slice(0, -1) }))).toEqual([]);
    expect(await ids(q({ lastName: values.lastName, dateOfBirth: '1933-07-22' }))).toEqual([]);
    expect(await ids(q({ email: values.email, phone: '+351 21 000 0000' }))).toEqual([]);
    expect(await ids(q({ mrn: target.mrn, status: 'inactive' }))).toEqual([]);
    expect(await ids(q({ mrn: target.mrn, registeringHospitalId: randomUUID() }))).toEqual([]);
  });

  it('pages by registration order, telling whether more follow', async () => {
    const all = [target.id, ...others.map((o) => o.id)];
    const first = await asOfficer.get(`/patients?${q({ lastName: values.lastName })}&pageSize=2`);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, hasMore: true });
    expect(first.body.total).toBeUndefined();
    const second = await asOfficer.get(`/patients?${q({ lastName: values.lastName })}&pageSize=2&page=2`);
    expect(second.body).toMatchObject({ page: 2, pageSize: 2, hasMore: false });
    const third = await asOfficer.get(`/patients?${q({ lastName: values.lastName })}&pageSize=2&page=3`);
    expect(third.body).toEqual({ items: [], page: 3, pageSize: 2, hasMore: false });
    expect([...first.body.items, ...second.body.items].map((p: { id: string }) => p.id)).toEqual(all);
  });

  it('finds rows indexed under an older key of the ring while a rotation rebuilds them', async () => {
    const [, older] = t.config.crypto.blindIndexKeys;
    await t.db.query(`UPDATE patients SET last_name_bidx = $2, blind_index_key_id = $3 WHERE id = $1`, [
      others[2].id,
      blindIndex(older.secret, 'lastName', normaliseName(values.lastName)),
      older.id,
    ]);
    expect(await ids(q({ lastName: values.lastName }))).toContain(others[2].id);
  });

  it('records one access event per patient returned, with the filter names and never their values', async () => {
    const before = await queryAudited<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM ${AUDITED_EVENTS} WHERE type = 'patients.PatientRecordAccessed.v1'`,
    );
    const res = await apiAs(t, receptionist, 'registration').get(
      `/patients?${q({ lastName: values.lastName, email: values.email })}`,
    );
    expect(res.body.items).toHaveLength(1);
    const events = await auditedRows(t, target.id, 'patients.PatientRecordAccessed.v1');
    expect(events.at(-1)).toMatchObject({
      aggregate_version: 0,
      payload: { patientId: target.id, access: 'search', purposeOfUse: 'PATADMIN', filters: ['lastName', 'email'] },
      actor: { id: receptionist.userId },
    });
    const page = await apiAs(t, receptionist).get(`/patients?${q({ lastName: values.lastName })}&pageSize=3`);
    expect(page.body.items).toHaveLength(3);
    const after = await queryAudited<{ n: number; text: string }>(
      t,
      `SELECT count(*)::int AS n, string_agg(payload::text, ' ') AS text FROM ${AUDITED_EVENTS}
        WHERE type = 'patients.PatientRecordAccessed.v1'`,
    );
    expect(after[0].n - before[0].n).toBe(1 + 3);
    for (const value of [tag, 'Ávila', 'avila', values.email.toLowerCase(), values.dateOfBirth]) {
      expect(after[0].text.toLowerCase()).not.toContain(value.toLowerCase());
    }
    // A search that finds nobody reads nobody.
    await asOfficer.get(`/patients?${q({ lastName: 'Nobody-By-This-Name' })}`);
    const final = await queryAudited<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM ${AUDITED_EVENTS} WHERE type = 'patients.PatientRecordAccessed.v1'`,
    );
    expect(final[0].n).toBe(after[0].n);
  });

  it.each([
    ['firstName=Ana', 'firstName'],
    ['lastName=--', 'lastName'],
    ['lastName=', 'lastName'],
    ['dateOfBirth=1980-02-30', 'dateOfBirth'],
    ['dateOfBirth=21-07-1933', 'dateOfBirth'],
    ['phone=()', 'phone'],
    ['status=gone', 'status'],
    ['registeringHospitalId=main', 'registeringHospitalId'],
    ['pageSize=101', 'pageSize'],
    ['page=0', 'page'],
    ['name=Ana', 'name'],
  ])('answers 400 for %s', async (query, field) => {
    const res = await asOfficer.get(`/patients?${query}`);
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain(field);
  });
});
