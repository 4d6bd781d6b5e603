import { describe, expect, it } from '@jest/globals';
import { auditEntryFrom, type SourceEvent } from './audit-entry-derivation.js';
import { AuditKeyring } from './audit-keyring.js';

const source = (over: Partial<SourceEvent>): SourceEvent => ({
  eventId: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e12',
  type: 'test.SomethingHappened.v1',
  audit: { action: 'execute', outcome: 'success' },
  occurredAt: new Date('2026-11-22T10:00:00Z'),
  actor: {
    kind: 'user',
    id: 'u1',
    roles: ['doctor'],
    sessionId: 's1',
    hospitalId: 'h1',
    departmentId: 'd1',
    ip: '10.0.0.1',
    userAgent: 'ua',
  },
  correlationId: 'req-1',
  aggregateType: 'Thing',
  aggregateId: 't1',
  aggregateVersion: 3,
  payload: {},
  ...over,
});
const recordedAt = new Date('2026-11-22T10:00:01Z');
const keys = new AuditKeyring([
  { id: 'k2', secret: Buffer.alloc(32, 2) },
  { id: 'k1', secret: Buffer.alloc(32, 1) },
]);
const refOf = (sessionId: string) => keys.sessionReference(keys.signing, sessionId);

describe('auditEntryFrom', () => {
  it('takes who from the actor, hospital and department included, and the resource from the aggregate', () => {
    const entry = auditEntryFrom(source({}), 7, recordedAt, keys);
    expect(entry).toMatchObject({
      sequence: 7,
      keyId: 'k2',
      actor: { kind: 'user', id: 'u1', roles: ['doctor'], sessionRef: refOf('s1'), ip: '10.0.0.1', userAgent: 'ua' },
      actorId: 'u1',
      hospitalId: 'h1',
      departmentId: 'd1',
      resourceType: 'Thing',
      resourceId: 't1',
      aggregateVersion: 3,
      patientId: null,
      reason: null,
      recordedAt,
    });
    // Nothing else of the actor is copied (names, emails or whatever a future actor might carry).
    expect(Object.keys(entry.actor).sort()).toEqual(['id', 'ip', 'kind', 'roles', 'sessionRef', 'userAgent']);
  });

  it('names the signing key and stores a session only as its reference, never its id', () => {
    const entry = auditEntryFrom(source({}), 7, recordedAt, keys);
    expect(entry.keyId).toBe('k2');
    expect(entry.actor.sessionRef).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(entry)).not.toContain('"s1"');
    // A sign-in fact's aggregate is the session: its id becomes the reference too, the same one the actor shows.
    const login = auditEntryFrom(
      source({
        type: 'auth.LoginSucceeded.v1',
        aggregateType: 'Session',
        aggregateId: 's1',
        audit: { action: 'login', outcome: 'success' },
      }),
      8,
      recordedAt,
      keys,
    );
    expect(login.resourceId).toBe(entry.actor.sessionRef);
    expect(JSON.stringify(login)).not.toContain('"s1"');
    // Other aggregates keep their ids.
    expect(entry.resourceId).toBe('t1');
  });

  it('finds the patient in the payload, in a Patient aggregate, or in the record an access refusal names', () => {
    expect(auditEntryFrom(source({ payload: { patientId: 'p1' } }), 1, recordedAt, keys).patientId).toBe('p1');
    expect(auditEntryFrom(source({ aggregateType: 'Patient', aggregateId: 'p2' }), 1, recordedAt, keys).patientId).toBe('p2');
    const denied = source({
      type: 'authz.AccessDenied.v1',
      audit: { action: 'deny', outcome: 'denied' },
      payload: { reason: 'out-of-scope', resourceType: 'Patient', resourceId: 'p3' },
    });
    expect(auditEntryFrom(denied, 1, recordedAt, keys)).toMatchObject({ patientId: 'p3', outcome: 'denied', action: 'deny' });
  });

  it('files the entry under the action and outcome its event declared, whatever the type is called', () => {
    const discharged = source({ type: 'inpatient.PatientDischarged.v1', audit: { action: 'update', outcome: 'success' } });
    expect(auditEntryFrom(discharged, 1, recordedAt, keys)).toMatchObject({ action: 'update', outcome: 'success' });
    const failed = source({ type: 'auth.LoginFailed.v1', audit: { action: 'login', outcome: 'failure' } });
    expect(auditEntryFrom(failed, 1, recordedAt, keys)).toMatchObject({
      type: 'auth.LoginFailed.v1',
      action: 'login',
      outcome: 'failure',
    });
  });

  it('takes why from the reason, else the purpose of use', () => {
    expect(auditEntryFrom(source({ payload: { reason: 'unconscious patient' } }), 1, recordedAt, keys).reason).toBe(
      'unconscious patient',
    );
    expect(auditEntryFrom(source({ payload: { purposeOfUse: 'treatment' } }), 1, recordedAt, keys).reason).toBe('treatment');
  });

  it('keeps the payload as the change, and copes with an actor that lacks fields', () => {
    const entry = auditEntryFrom(
      source({ actor: { kind: 'system', id: 'relay' }, payload: { changedFields: ['roles'] } }),
      1,
      recordedAt,
      keys,
    );
    expect(entry.change).toEqual({ changedFields: ['roles'] });
    expect(entry.actor).toEqual({ kind: 'system', id: 'relay', roles: [], sessionRef: null, ip: null, userAgent: null });
    expect(entry.hospitalId).toBeNull();
  });
});
