import { describe, expect, it } from '@jest/globals';
import type { AuditEventView } from '../audit-event-view.js';
import { toFhirAuditEvent } from './fhir-audit-event.js';

const view = (over: Partial<AuditEventView>): AuditEventView => ({
  sequence: 9,
  eventId: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e12',
  type: 'patients.PatientRecordAccessed.v1',
  occurredAt: new Date('2026-11-22T10:00:00Z'),
  recordedAt: new Date('2026-11-22T10:00:01Z'),
  actor: {
    id: 'u1',
    kind: 'user',
    roles: ['doctor'],
    sessionRef: 'r6V0m1yQwJd2b8kXzT3cAg',
    ip: '10.0.0.1',
    userAgent: 'ua',
    hospitalId: null,
    departmentId: null,
  },
  action: 'read',
  outcome: 'success',
  resourceType: 'Patient',
  resourceId: 'p1',
  aggregateVersion: 0,
  patientId: 'p1',
  correlationId: 'req-1',
  reason: 'TREAT',
  purposeOfUse: 'TREAT',
  change: { patientId: 'p1', purposeOfUse: 'TREAT' },
  keyId: 'k1',
  prevHash: '00'.repeat(32),
  hash: '11'.repeat(32),
  ...over,
});

describe('toFhirAuditEvent', () => {
  it.each([
    ['create', 'C'],
    ['read', 'R'],
    ['update', 'U'],
    ['delete', 'D'],
    ['execute', 'E'],
    ['login', 'E'],
    ['logout', 'E'],
    ['deny', 'E'],
    ['emergency-access', 'E'],
    ['query', 'E'],
  ] as const)('exports the declared action %s as the FHIR action code %s', (action, code) => {
    expect(toFhirAuditEvent(view({ action })).action).toBe(code);
  });

  it('maps a read of a patient to an R4 AuditEvent with agent, source, entities and purpose', () => {
    const resource = toFhirAuditEvent(view({}));
    expect(resource).toMatchObject({
      resourceType: 'AuditEvent',
      id: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e12',
      action: 'R',
      recorded: '2026-11-22T10:00:01.000Z',
      outcome: '0',
      purposeOfEvent: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' }] },
      ],
      agent: [
        {
          who: { identifier: { system: 'urn:hms:user', value: 'u1' } },
          requestor: true,
          network: { address: '10.0.0.1', type: '2' },
        },
      ],
      source: { observer: { display: 'HMS' } },
      subtype: [{ system: 'urn:hms:event-type', code: 'patients.PatientRecordAccessed.v1' }],
    });
    expect(resource.entity).toEqual(expect.arrayContaining([expect.objectContaining({ what: { reference: 'Patient/p1' } })]));
    // Absent values are left out, not sent as null.
    expect(JSON.stringify(resource)).not.toContain('null');
  });

  it('carries the session reference and the key id as details of the entry, and leaves them out when absent', () => {
    const details = (resource: Record<string, unknown>) =>
      (resource.entity as { detail?: { type: string; valueString: string }[] }[])[0].detail ?? [];
    expect(details(toFhirAuditEvent(view({})))).toEqual(
      expect.arrayContaining([
        { type: 'sessionRef', valueString: 'r6V0m1yQwJd2b8kXzT3cAg' },
        { type: 'keyId', valueString: 'k1' },
      ]),
    );
    const system = toFhirAuditEvent(view({ actor: { ...view({}).actor, sessionRef: null }, keyId: null }));
    expect(details(system).map((d) => d.type)).not.toEqual(expect.arrayContaining(['sessionRef']));
    expect(details(system).map((d) => d.type)).not.toEqual(expect.arrayContaining(['keyId']));
  });

  it('marks break-the-glass, sign-ins and refusals in FHIR terms', () => {
    expect(
      toFhirAuditEvent(
        view({ type: 'auth.EmergencyAccessGranted.v1', action: 'emergency-access', reason: 'unconscious', purposeOfUse: null }),
      ),
    ).toMatchObject({
      action: 'E',
      purposeOfEvent: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG' }], text: 'unconscious' },
      ],
    });
    expect(toFhirAuditEvent(view({ type: 'auth.LoginFailed.v1', action: 'login', outcome: 'failure' }))).toMatchObject({
      type: { code: '110114' },
      outcome: '4',
      outcomeDesc: 'failure',
    });
  });

  it('codes an emergency read as ETREAT, and keeps a legacy purpose with no code, or a refusal’s cause, as text', () => {
    expect(toFhirAuditEvent(view({ reason: 'ETREAT', purposeOfUse: 'ETREAT' })).purposeOfEvent).toEqual([
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT', display: 'Emergency Treatment' },
        ],
      },
    ]);
    expect(toFhirAuditEvent(view({ reason: 'follow-up', purposeOfUse: 'follow-up' })).purposeOfEvent).toEqual([
      { text: 'follow-up' },
    ]);
    expect(
      toFhirAuditEvent(view({ type: 'AccessDenied', action: 'deny', reason: 'out-of-scope', purposeOfUse: null })).purposeOfEvent,
    ).toEqual([{ text: 'out-of-scope' }]);
    expect(toFhirAuditEvent(view({ reason: null, purposeOfUse: null })).purposeOfEvent).toBeUndefined();
  });
});
