import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const nested = (levels: number) => `{"email":${'['.repeat(levels)}${']'.repeat(levels)},"password":"x"}`;

describe('hostile input: deep JSON and control characters', () => {
  let t: TestApp;
  let admin: UserWithTokens;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '100000' } });
    admin = await tokenFor(t, 'admin');
  });
  afterAll(() => t.close());

  const login = (body: string) => t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body);

  describe('JSON nested deeper than 32 levels', () => {
    it.each([33, 10_000, 170_000])('refuses %d levels on login with a 400 problem, before validation', async (levels) => {
      const res = await login(nested(levels));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({
        status: 400,
        code: 'COMMON.INVALID_INPUT',
        detail: 'The request body nests deeper than 32 levels.',
      });
      expect((await t.http().get('/health/live')).status).toBe(200);
    });

    it('still parses 32 levels, which validation then refuses as a wrong type', async () => {
      const res = await login(nested(31));
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe('The request has invalid fields; see errors.');
    });

    it('does not count brackets inside strings', async () => {
      const res = await login(JSON.stringify({ email: `${'['.repeat(100)}@test.hms`, password: '{'.repeat(100) }));
      expect(res.status).not.toBe(500);
      expect(res.body.detail).not.toMatch(/nests deeper/);
    });
  });

  describe('NUL and other control characters', () => {
    const get = (path: string) => t.http().get(path).set('Authorization', bearer(admin.accessToken));

    it.each([
      ['/api/v1/hospitals?name=a%00b', 'name'],
      ['/api/v1/users?q=a%00b', 'q'],
      ['/api/v1/users?q=a%1Bb', 'q'],
      ['/api/v1/users/a%00b', 'id'],
    ])('answers %s with a 400 naming %s', async (path, field) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors).toEqual([{ field, message: `${field} must not contain control characters` }]);
    });

    it('answers a displayName holding NUL with a 400 naming it, and stores nothing', async () => {
      const email = `nul.${Date.now()}@test.hms`;
      const res = await t
        .http()
        .post('/api/v1/users')
        .set('Authorization', bearer(admin.accessToken))
        .send({ email, displayName: 'Ann\u0000Secretname', roles: ['nurse'] });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors).toEqual([{ field: 'displayName', message: 'displayName must not contain control characters' }]);
      expect(res.text).not.toContain('Secretname');
      const [{ n }] = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE display_name LIKE $1', ['Ann%']);
      expect(Number(n)).toBe(0);
    });

    it('names a nested body field', async () => {
      const res = await t
        .http()
        .post('/api/v1/users')
        .set('Authorization', bearer(admin.accessToken))
        .send({ displayName: 'Ann', roles: ['nurse', 'x\u0007'] });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'roles.1', message: 'roles.1 must not contain control characters' }]);
    });
  });
});
