import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { systemActor } from '@hms/ddd';
import { LinkPatientCare, type CareLinkKind } from '../../../src/modules/patients/index.js';
import { AUDITED_EVENTS, queryAudited } from '../../support/audited-events.js';
import { bearer } from '../../support/auth.js';
import type { TestApp } from '../../support/test-app.js';

export const PROBLEM = /^application\/problem\+json/;
export const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

/** Requests to /api/v1 with a caller's access token, and an optional X-Purpose-Of-Use. */
export function apiAs(t: TestApp, caller: { accessToken: string }, purposeOfUse?: string) {
  const auth = bearer(caller.accessToken);
  const withPurpose = <R extends { set(name: string, value: string): R }>(req: R) =>
    purposeOfUse ? req.set('X-Purpose-Of-Use', purposeOfUse) : req;
  return {
    get: (path: string) => withPurpose(t.http().get(`/api/v1${path}`).set('Authorization', auth)),
    post: (path: string) => t.http().post(`/api/v1${path}`).set('Authorization', auth),
    patch: (path: string) => t.http().patch(`/api/v1${path}`).set('Authorization', auth),
    put: (path: string) => t.http().put(`/api/v1${path}`).set('Authorization', auth),
    delete: (path: string) => t.http().delete(`/api/v1${path}`).set('Authorization', auth),
  };
}

export type Api = ReturnType<typeof apiAs>;

let counter = 0;

/**
 * A complete, valid registration body of an invented person whose name is
 * unique to this call (so tests do not meet each other's duplicates and can
 * search for their own patient). Every field is filled, so tests can look
 * for each value in places it must never appear.
 */
export function patientBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  const tag = `${randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 6)}${String.fromCharCode(97 + (counter % 26))}`;
  return {
    firstName: `Zelinda${tag}`,
    middleName: `Quarta${tag}`,
    lastName: `Vexbridge${tag}`,
    dateOfBirth: '1971-03-14',
    sex: 'female',
    phone: `+351 21 ${String(1_000_000 + ((counter * 7919) % 8_999_999)).slice(0, 3)} ${String(1000 + counter).slice(-4)}`,
    email: `zelinda.${tag}@example.test`,
    address: {
      line1: `${counter} Larkspur Terrace ${tag}`,
      line2: `Flat ${tag}`,
      city: `Brambleton${tag}`,
      region: 'Testshire',
      postalCode: `T${String(counter).padStart(4, '0')} 9ZZ`,
      country: 'GB',
    },
    nationalId: `QX${String(100_000 + counter)}${tag.slice(0, 2).toUpperCase()}`,
    emergencyContact: {
      name: `Orlando Kestrel${tag}`,
      relationship: 'cousin',
      phone: `+44 20 7946 ${String(1000 + counter).slice(-4)}`,
    },
    preferredLanguage: 'en-GB',
    ...over,
  };
}

/** The personal values of a registration body, as they must never appear in clear text outside the API's answers. */
export function personalValuesOf(body: Record<string, unknown>): string[] {
  const address = (body.address ?? {}) as Record<string, string | null | undefined>;
  const contact = (body.emergencyContact ?? {}) as Record<string, string | undefined>;
  const phones = [body.phone, contact.phone].filter((p): p is string => typeof p === 'string');
  return [
    body.firstName,
    body.middleName,
    body.lastName,
    body.email,
    body.nationalId,
    address.line1,
    address.line2,
    address.city,
    address.postalCode,
    contact.name,
    ...phones,
    ...phones.map((p) => p.replace(/\D/g, '')),
  ].filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** Links a patient to a user, department or hospital the way other contexts will: through LinkPatientCare. */
export async function linkCare(t: TestApp, patientId: string, kind: CareLinkKind, refId: string, source = 'test') {
  return t.app.get(CommandBus).execute(new LinkPatientCare(systemActor('test'), patientId, kind, refId, source));
}

export interface OutboxRow {
  readonly type: string;
  readonly aggregate_type: string;
  readonly aggregate_id: string;
  readonly aggregate_version: number;
  readonly payload: Record<string, unknown>;
  readonly actor: Record<string, unknown>;
}

/** Outbox rows of a type for an aggregate, oldest first. */
export function outboxRows(t: TestApp, aggregateId: string, type?: string): Promise<OutboxRow[]> {
  return t.db.query<OutboxRow & Record<string, unknown>>(
    `SELECT type, aggregate_type, aggregate_id, aggregate_version, payload, actor FROM outbox
      WHERE aggregate_id = $1 AND ($2::text IS NULL OR type = $2) ORDER BY id`,
    [aggregateId, type ?? null],
  );
}

/**
 * Audit entries of a type for an aggregate, oldest first, in the shape of outboxRows: where fact-only
 * events (reads, refusals, duplicate answers) are sure to be, since they leave the outbox as they are audited.
 */
export function auditedRows(t: TestApp, aggregateId: string, type: string): Promise<OutboxRow[]> {
  return queryAudited<OutboxRow & Record<string, unknown>>(
    t,
    `SELECT type, aggregate_type, aggregate_id, aggregate_version, payload, actor FROM ${AUDITED_EVENTS}
      WHERE aggregate_id = $1 AND type = $2 ORDER BY sequence`,
    [aggregateId, type],
  );
}

/**
 * Rows in patients and events recorded (refusals aside): what "nothing written" is checked against.
 * Events are counted in the audit store once everything committed is appended: fact-only ones do not stay
 * in the outbox.
 */
export async function writeCounts(t: TestApp): Promise<{ patients: number; links: number; events: number }> {
  const [row] = await queryAudited<{ patients: number; links: number; events: number }>(
    t,
    `SELECT (SELECT count(*)::int FROM patients) AS patients,
            (SELECT count(*)::int FROM patient_care_links) AS links,
            (SELECT count(*)::int FROM audit_events WHERE type <> 'authz.AccessDenied.v1') AS events`,
  );
  return row;
}

/** A hospital registered through the API, and optionally one department of it. */
export async function givenHospital(admin: Api, name = `Test Hospital ${randomUUID().slice(0, 8)}`): Promise<string> {
  const res = await admin.post('/hospitals').send({ name, address: '1 Test Road', isActive: true });
  if (res.status !== 201) throw new Error(`hospital: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function givenDepartment(admin: Api, hospitalId: string, code: string): Promise<string> {
  const res = await admin.post(`/hospitals/${hospitalId}/departments`).send({ name: `Department ${code}`, code });
  if (res.status !== 201) throw new Error(`department: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
