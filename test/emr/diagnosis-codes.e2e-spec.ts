import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, fieldsOf } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { conditionWriteCounts, FIXTURES, runCli } from './support/conditions-api.js';

type Codes = { code: string; display: string }[];

/**
 * The ICD-10 catalogue: format checks alone while none is loaded, the CLI
 * load (all or nothing, bad rows named by line), search as you type, and
 * codes checked against the catalogue once one is loaded.
 */
describe('the ICD-10 catalogue', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let encounterId: string;

  const catalogue = () =>
    t.db.query<{ code: string; display: string }>('SELECT code, display FROM diagnosis_codes ORDER BY code');
  const diagnose = (body: Record<string, unknown>) =>
    asDoctor.post(`/encounters/${encounterId}/diagnoses`).send({ verificationStatus: 'confirmed', ...body });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    const patientId = await givenPatient(t, ward);
    encounterId = (await givenEncounter(asDoctor, patientId, { status: 'in-progress' })).id;
  });
  afterAll(() => t?.close());

  it('checks codes by form alone while no catalogue is loaded, and finds nothing', async () => {
    const search = await asDoctor.get('/diagnosis-codes?q=I21');
    expect(search.status).toBe(200);
    expect(search.body).toEqual({ catalogueLoaded: false, items: [] });
    const taken = await diagnose({ code: 'K35.80', display: 'Appendicitis, as the client wrote it' });
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ code: 'K35.80', display: 'Appendicitis, as the client wrote it' });
    // ICD-10-CM categories may end in a letter; the stored form is the dotted upper-case one.
    const gout = await diagnose({ code: 'm1a0711', display: 'Chronic gout of the right shoulder, as the client wrote it' });
    expect(gout.status).toBe(201);
    expect(gout.body).toMatchObject({ code: 'M1A.0711' });
    const [stored] = await t.db.query<{ code: string }>('SELECT code FROM conditions WHERE id = $1', [gout.body.id]);
    expect(stored.code).toBe('M1A.0711');
  });

  it('refuses a bad file with every bad line named, exit non-zero, loading nothing', async () => {
    const run = await runCli(t, 'emr:icd10-load', join(FIXTURES, 'icd10-bad.csv'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('line 3: code must be an ICD-10 code');
    expect(run.stderr).toContain('line 5: code I10 appears already on line 2');
    expect(run.stderr).toContain('line 6: expected 2 cells (code,display), found 3');
    expect(run.stderr).toContain('refused, 3 problems; nothing was loaded');
    // The cells themselves are not echoed.
    expect(run.stderr).not.toContain('wrong form');
    expect(await catalogue()).toEqual([]);

    const missing = await runCli(t, 'emr:icd10-load');
    expect(missing.status).toBe(2);
    const absent = await runCli(t, 'emr:icd10-load', join(FIXTURES, 'no-such.csv'));
    expect(absent.status).toBe(2);
    const headerless = await runCli(t, 'emr:icd10-load', join(FIXTURES, 'icd10-no-header.csv'));
    expect(headerless.status).toBe(1);
    expect(headerless.stderr).toContain('line 1: the first line must be the header code,display');
    const broken = await runCli(t, 'emr:icd10-load', join(FIXTURES, 'icd10-broken-quote.csv'));
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('the file is not valid CSV here (check the quotes)');
    expect(broken.stderr).toContain('nothing was loaded');
    // An empty catalogue would turn the code check off without a word: refused.
    const headerOnly = await runCli(t, 'emr:icd10-load', join(FIXTURES, 'icd10-header-only.csv'));
    expect(headerOnly.status).toBe(1);
    expect(headerOnly.stderr).toContain('the file holds no codes');
    expect(await catalogue()).toEqual([]);
  });

  it('loads a catalogue in one go, normalising codes, and replaces it on the next load; a bad file leaves it as it was', async () => {
    const run = await runCli(t, 'emr:icd10-load', join(FIXTURES, 'icd10-sample.csv'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('loaded 8 ICD-10 codes');
    const loaded = await catalogue();
    expect(loaded.map((c) => c.code)).toEqual(['E11.9', 'I10', 'I21.4', 'I21.9', 'I50.9', 'J45.909', 'S72.001A', 'Z00.00']);
    expect(loaded.find((c) => c.code === 'S72.001A')?.display).toBe('Upper thigh bone fracture, first visit');

    const bad = await runCli(t, 'emr:icd10-load', join(FIXTURES, 'icd10-bad.csv'));
    expect(bad.status).toBe(1);
    expect(await catalogue()).toEqual(loaded);

    const smaller = await runCli(t, 'emr:icd10-load', join(FIXTURES, 'icd10-smaller.csv'));
    expect(smaller.status).toBe(0);
    expect(smaller.stdout).toContain('loaded 2 ICD-10 codes');
    expect(smaller.stdout).toContain('replacing 8');
    expect((await catalogue()).map((c) => c.code)).toEqual(['I10', 'I21.4']);
    expect((await runCli(t, 'emr:icd10-load', join(FIXTURES, 'icd10-sample.csv'))).status).toBe(0);
  });

  it('searches codes by prefix first, then display texts, for anyone holding emr:read or emr:write', async () => {
    const codes = async (api: Api, q: string, limit?: number) => {
      const res = await api.get(`/diagnosis-codes?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.catalogueLoaded).toBe(true);
      return (res.body.items as Codes).map((c) => c.code);
    };
    expect(await codes(asDoctor, 'i21')).toEqual(['I21.4', 'I21.9']);
    expect(await codes(asDoctor, 'I214')).toEqual(['I21.4']);
    expect(await codes(asDoctor, 'infarction')).toEqual(['I21.4', 'I21.9']);
    expect(await codes(asDoctor, 'HEART')).toEqual(['I21.4', 'I21.9', 'I50.9']);
    expect(await codes(asDoctor, 'i', 2)).toEqual(['I10', 'I21.4']);
    // LIKE's wildcards are matched as typed.
    expect(await codes(asDoctor, '%')).toEqual([]);
    expect(await codes(apiAs(t, ward.nurse), 'asthma')).toEqual(['J45.909']);
    const found = await asDoctor.get('/diagnosis-codes?q=S72');
    expect(found.body.items).toEqual([{ code: 'S72.001A', display: 'Upper thigh bone fracture, first visit' }]);

    expect((await asDoctor.get('/diagnosis-codes')).status).toBe(400);
    expect((await asDoctor.get('/diagnosis-codes?q=I&limit=51')).status).toBe(400);
    const receptionist = await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId });
    const refused = await apiAs(t, receptionist).get('/diagnosis-codes?q=I21');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('EMR.PERMISSION_REQUIRED');
    expect((await t.http().get('/api/v1/diagnosis-codes?q=I21')).status).toBe(401);
  });

  it('takes only codes of the loaded catalogue (422 otherwise), with the catalogue’s display', async () => {
    const before = await conditionWriteCounts(t);
    const unknown = await diagnose({ code: 'K35.80', display: 'Appendicitis' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'EMR.UNKNOWN_DIAGNOSIS_CODE' });
    expect(fieldsOf(unknown.body)).toEqual(['code']);
    const wrongForm = await diagnose({ code: 'K3', display: 'Appendicitis' });
    expect(wrongForm.status).toBe(400);
    expect(await conditionWriteCounts(t)).toEqual(before);

    const known = await diagnose({ code: 'i509' });
    expect(known.status).toBe(201);
    expect(known.body).toMatchObject({ code: 'I50.9', display: 'Weak heart pumping of unstated kind' });
    const overridden = await diagnose({ code: 'I10', display: 'Something else entirely' });
    expect(overridden.body.display).toBe('Raised blood pressure of no known cause');
    const problem = await asDoctor
      .post(`/patients/${known.body.patientId as string}/problems`)
      .send({ code: 'Z99.9', verificationStatus: 'confirmed' });
    expect(problem.status).toBe(422);
  });
});
