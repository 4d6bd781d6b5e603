import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, outboxEvent, outboxTypes } from './support/hospitals-api.js';

const PROBLEM = /^application\/problem\+json/;
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('hospital registry and departments', () => {
  let t: TestApp;
  let admin: UserWithTokens;
  let nurse: UserWithTokens;
  let asAdmin: Api;
  let asNurse: Api;

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000', DEFAULT_TIME_ZONE: 'Europe/Lisbon' },
    });
    admin = await tokenFor(t, 'admin');
    nurse = await tokenFor(t, 'nurse');
    asAdmin = apiAs(t, admin);
    asNurse = apiAs(t, nurse);
  });
  afterAll(() => t.close());

  const register = async (body: Record<string, unknown>) => {
    const res = await asAdmin.post('/hospitals').send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; name: string };
  };

  describe('POST /hospitals', () => {
    it('registers a hospital, inactive and in the default time zone unless told otherwise', async () => {
      const res = await asAdmin.post('/hospitals').send({ name: '  Riverside General Hospital ', address: '12 Harbour Road' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Riverside General Hospital',
        address: '12 Harbour Road',
        phone: null,
        isActive: false,
        timeZone: 'Europe/Lisbon',
        batchId: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      expect(res.headers.location).toBe(`/api/v1/hospitals/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');

      const id = res.body.id as string;
      expect(await outboxTypes(t, id)).toEqual(['hospitals.HospitalRegistered.v1']);
      const event = await outboxEvent(t, id, 'hospitals.HospitalRegistered.v1');
      expect(event?.payload).toEqual({ isActive: false, timeZone: 'Europe/Lisbon', hasPhone: false });
      expect(event?.actor).toMatchObject({ kind: 'user', id: admin.userId });
      expect(JSON.stringify(event)).not.toContain('Riverside');
    });

    it('takes phone, activity and an IANA time zone in any case', async () => {
      const res = await asAdmin.post('/hospitals').send({
        name: 'Hillcrest Community Clinic',
        address: '3 Elm Way',
        phone: '+1 (555) 010-4477',
        isActive: true,
        timeZone: 'america/new_york',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ phone: '+1 (555) 010-4477', isActive: true, timeZone: 'America/New_York' });
    });

    it.each([
      ['a missing name', { name: undefined }, 'name'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, 'name'],
      ['a missing address', { address: undefined }, 'address'],
      ['a phone with too few digits', { phone: '555 01' }, 'phone'],
      ['a phone with letters', { phone: '555-CALL-NOW' }, 'phone'],
      ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      ['an offset instead of a zone', { timeZone: '+01:00' }, 'timeZone'],
      ['a non-boolean isActive', { isActive: 'yes' }, 'isActive'],
      ['an unknown field', { batchId: randomUUID() }, 'batchId'],
    ])('answers 400 for %s, naming the field, and registers nothing', async (_case, change, field) => {
      const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hospitals');
      const res = await asAdmin.post('/hospitals').send({ name: 'Valley Clinic', address: '9 Mill Road', ...change });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(res.body)).toContain(field);
      expect(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hospitals')).toEqual(before);
    });

    it('is refused to a nurse', async () => {
      const res = await asNurse.post('/hospitals').send({ name: 'Valley Clinic', address: '9 Mill Road' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.PERMISSION_REQUIRED');
    });
  });

  describe('GET /hospitals', () => {
    let tag: string;
    beforeAll(async () => {
      tag = randomUUID().slice(0, 8);
      await register({ name: `Search ${tag} Alpha 100% Care`, address: '1 A Street', isActive: true });
      await register({ name: `search ${tag} beta`, address: '2 B Street' });
      await register({ name: `SEARCH ${tag} Gamma_Unit`, address: '3 C Street', isActive: true });
    });

    it('pages hospitals by name, case-insensitively', async () => {
      const res = await asNurse.get(`/hospitals?name=${tag}&pageSize=2`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect((res.body.items as { name: string }[]).map((h) => h.name)).toEqual([
        `Search ${tag} Alpha 100% Care`,
        `search ${tag} beta`,
      ]);
      const next = await asNurse.get(`/hospitals?name=${tag.toUpperCase()}&pageSize=2&page=2`);
      expect((next.body.items as { name: string }[]).map((h) => h.name)).toEqual([`SEARCH ${tag} Gamma_Unit`]);
    });

    it('filters by activity', async () => {
      const active = await asNurse.get(`/hospitals?name=${tag}&isActive=true`);
      expect((active.body.items as { isActive: boolean }[]).map((h) => h.isActive)).toEqual([true, true]);
      const inactive = await asNurse.get(`/hospitals?name=${tag}&isActive=false`);
      expect(inactive.body.total).toBe(1);
    });

    it('takes the name literally: % and _ are not wildcards', async () => {
      expect((await asNurse.get(`/hospitals?name=${encodeURIComponent('100%')}`)).body.total).toBe(1);
      expect((await asNurse.get(`/hospitals?name=${encodeURIComponent(`${tag} %`)}`)).body.total).toBe(0);
      expect((await asNurse.get(`/hospitals?name=${encodeURIComponent('a_u')}`)).body.total).toBe(1);
      expect((await asNurse.get(`/hospitals?name=${encodeURIComponent(`${tag}_`)}`)).body.total).toBe(0);
    });

    it('filters by batch', async () => {
      const res = await asNurse.get(`/hospitals?batchId=${randomUUID()}`);
      expect(res.body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    });

    it.each([
      ['isActive=maybe', 'isActive'],
      ['batchId=batch-1', 'batchId'],
      ['pageSize=1000', 'pageSize'],
      ['page=0', 'page'],
      ['sort=name', 'sort'],
    ])('answers 400 for %s', async (query, field) => {
      const res = await asNurse.get(`/hospitals?${query}`);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(field);
    });
  });

  describe('GET /hospitals/:id', () => {
    it('answers the hospital with its version as ETag, to every staff role', async () => {
      const created = await register({ name: 'Northgate Clinic', address: '40 North Gate' });
      const res = await asNurse.get(`/hospitals/${created.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: created.id, name: 'Northgate Clinic', version: 1 });
      expect(res.headers.etag).toBe('"1"');
    });

    it('answers 404 problem details for an unknown hospital, 400 for an id that is no UUID', async () => {
      const res = await asNurse.get(`/hospitals/${randomUUID()}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 404, code: 'COMMON.NOT_FOUND' });
      expect((await asNurse.get('/hospitals/general')).status).toBe(400);
    });
  });

  describe('PATCH /hospitals/:id', () => {
    it('needs If-Match (428), refuses a stale version (412) and applies a current one', async () => {
      const created = await register({ name: 'Westbrook Clinic', address: '5 West Brook', phone: '555 010 7777' });
      const path = `/hospitals/${created.id}`;
      const missing = await asAdmin.patch(path).send({ isActive: true });
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('COMMON.PRECONDITION_REQUIRED');

      const res = await asAdmin.patch(path).set('If-Match', '"1"').send({ isActive: true, phone: null, timeZone: 'Asia/Tokyo' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        isActive: true,
        phone: null,
        timeZone: 'Asia/Tokyo',
        name: 'Westbrook Clinic',
        version: 2,
      });
      expect(res.headers.etag).toBe('"2"');
      const event = await outboxEvent(t, created.id, 'hospitals.HospitalUpdated.v1');
      expect(event?.payload).toEqual({ changedFields: ['phone', 'isActive', 'timeZone'] });
      expect(event?.aggregate_version).toBe(2);
      expect(event?.actor).toMatchObject({ id: admin.userId });

      const stale = await asAdmin.patch(path).set('If-Match', '"1"').send({ name: 'Westbrook Hospital' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'COMMON.VERSION_MISMATCH', currentVersion: 2 });
      expect((await asNurse.get(path)).body.name).toBe('Westbrook Clinic');
    });

    it('changes nothing and records nothing when the values are the same', async () => {
      const created = await register({ name: 'Southfield Clinic', address: '8 South Field' });
      const res = await asAdmin.patch(`/hospitals/${created.id}`).set('If-Match', '"1"').send({ name: 'Southfield Clinic' });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
      expect(await outboxTypes(t, created.id)).toEqual(['hospitals.HospitalRegistered.v1']);
    });

    it('validates like registration, and answers 404 for an unknown hospital', async () => {
      const created = await register({ name: 'Eastmoor Clinic', address: '2 East Moor' });
      const bad = await asAdmin
        .patch(`/hospitals/${created.id}`)
        .set('If-Match', '"1"')
        .send({ name: null, timeZone: 'Nowhere/Land' });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(expect.arrayContaining(['name']));
      const zone = await asAdmin.patch(`/hospitals/${created.id}`).set('If-Match', '"1"').send({ timeZone: 'Nowhere/Land' });
      expect(zone.status).toBe(400);
      expect(fieldsOf(zone.body)).toEqual(['timeZone']);
      const unknown = await asAdmin.patch(`/hospitals/${randomUUID()}`).set('If-Match', '"1"').send({ isActive: true });
      expect(unknown.status).toBe(404);
    });

    it('is refused to a nurse', async () => {
      const created = await register({ name: 'Brookside Clinic', address: '4 Brook Side' });
      expect((await asNurse.patch(`/hospitals/${created.id}`).set('If-Match', '"1"').send({ isActive: true })).status).toBe(403);
    });
  });

  describe('departments', () => {
    let hospitalId: string;
    let otherHospitalId: string;
    beforeAll(async () => {
      hospitalId = (await register({ name: 'Department Test Hospital', address: '1 Ward Road' })).id;
      otherHospitalId = (await register({ name: 'Other Department Hospital', address: '2 Ward Road' })).id;
    });

    it('creates a department with Location and ETag, and records it', async () => {
      const res = await asAdmin.post(`/hospitals/${hospitalId}/departments`).send({ name: ' Cardiology ', code: 'CARD' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        hospitalId,
        name: 'Cardiology',
        code: 'CARD',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      expect(res.headers.location).toBe(`/api/v1/hospitals/${hospitalId}/departments/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      const event = await outboxEvent(t, res.body.id as string, 'hospitals.DepartmentCreated.v1');
      expect(event).toMatchObject({ payload: { hospitalId }, actor: { id: admin.userId } });
    });

    it('keeps codes unique within a hospital whatever their case, but not across hospitals', async () => {
      const taken = await asAdmin.post(`/hospitals/${hospitalId}/departments`).send({ name: 'Cardiac Care', code: 'card' });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('HOSPITAL.DEPARTMENT_CODE_TAKEN');
      const elsewhere = await asAdmin
        .post(`/hospitals/${otherHospitalId}/departments`)
        .send({ name: 'Cardiology', code: 'CARD' });
      expect(elsewhere.status).toBe(201);
    });

    it('lets exactly one of simultaneous requests take a code', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          asAdmin.post(`/hospitals/${hospitalId}/departments`).send({ name: `Race ${i}`, code: 'RACE' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'HOSPITAL.DEPARTMENT_CODE_TAKEN')).toBe(true);
      const rows = await t.db.query('SELECT id FROM departments WHERE hospital_id = $1 AND lower(code) = $2', [
        hospitalId,
        'race',
      ]);
      expect(rows).toHaveLength(1);
    });

    it('lists the departments of one hospital, by code, to every staff role', async () => {
      await asAdmin.post(`/hospitals/${hospitalId}/departments`).send({ name: 'Accident and Emergency', code: 'AE' });
      const res = await asNurse.get(`/hospitals/${hospitalId}/departments?pageSize=2`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect((res.body.items as { code: string }[]).map((d) => d.code)).toEqual(['AE', 'CARD']);
    });

    it('answers one department only under its own hospital', async () => {
      const created = await asAdmin.post(`/hospitals/${hospitalId}/departments`).send({ name: 'Radiology', code: 'RAD' });
      const res = await asNurse.get(`/hospitals/${hospitalId}/departments/${created.body.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({ id: created.body.id, hospitalId, code: 'RAD' });
      expect((await asNurse.get(`/hospitals/${otherHospitalId}/departments/${created.body.id}`)).status).toBe(404);
      expect((await asNurse.get(`/hospitals/${hospitalId}/departments/${randomUUID()}`)).status).toBe(404);
    });

    it('answers 404 for the departments of an unknown hospital', async () => {
      expect((await asNurse.get(`/hospitals/${randomUUID()}/departments`)).status).toBe(404);
      const res = await asAdmin.post(`/hospitals/${randomUUID()}/departments`).send({ name: 'Orphan', code: 'ORPH' });
      expect(res.status).toBe(404);
    });

    it('updates with If-Match, keeping codes unique', async () => {
      const created = await asAdmin.post(`/hospitals/${hospitalId}/departments`).send({ name: 'Neurology', code: 'NEU' });
      const path = `/hospitals/${hospitalId}/departments/${created.body.id}`;
      expect((await asAdmin.patch(path).send({ name: 'Neurosciences' })).status).toBe(428);
      const clash = await asAdmin.patch(path).set('If-Match', '"1"').send({ code: 'Card' });
      expect(clash.status).toBe(409);
      const res = await asAdmin.patch(path).set('If-Match', '"1"').send({ name: 'Neurosciences', code: 'NEURO' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Neurosciences', code: 'NEURO', version: 2 });
      expect(res.headers.etag).toBe('"2"');
      expect((await outboxEvent(t, created.body.id as string, 'hospitals.DepartmentUpdated.v1'))?.payload).toEqual({
        hospitalId,
        changedFields: ['name', 'code'],
      });
      expect((await asAdmin.patch(path).set('If-Match', '"1"').send({ name: 'Again' })).status).toBe(412);
    });

    it.each([
      ['a code with spaces', { name: 'Ward', code: 'WARD 1' }, 'code'],
      ['a code over 20 characters', { name: 'Ward', code: 'W'.repeat(21) }, 'code'],
      ['an empty name', { name: ' ', code: 'W1' }, 'name'],
      ['a missing code', { name: 'Ward' }, 'code'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const res = await asAdmin.post(`/hospitals/${hospitalId}/departments`).send(body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('is refused to a nurse', async () => {
      expect((await asNurse.post(`/hospitals/${hospitalId}/departments`).send({ name: 'Oncology', code: 'ONC' })).status).toBe(
        403,
      );
    });
  });
});
