import { PURPOSE_OF_USE_SYSTEM, PURPOSES_OF_USE, type PurposeOfUse, toPurposeOfUse } from '@hms/authz';
import type { AuditAction } from '@hms/ddd';
import type { AuditEventView } from '../audit-event-view.js';

/** FHIR R4 AuditEvent.action: Create, Read, Update, Delete, or Execute for everything else (log-on, queries). */
const FHIR_ACTION: Readonly<Record<AuditAction, 'C' | 'R' | 'U' | 'D' | 'E'>> = {
  create: 'C',
  read: 'R',
  update: 'U',
  delete: 'D',
  login: 'E',
  logout: 'E',
  deny: 'E',
  'emergency-access': 'E',
  query: 'E',
  execute: 'E',
};

const USER_AUTHENTICATION = {
  system: 'http://dicom.nema.org/resources/ontology/DCM',
  code: '110114',
  display: 'User Authentication',
};
const REST_OPERATION = {
  system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
  code: 'rest',
  display: 'RESTful Operation',
};
const codingOf = (code: PurposeOfUse) => ({ system: PURPOSE_OF_USE_SYSTEM, code, display: PURPOSES_OF_USE[code] });

/** purposeOfEvent: break-the-glass, else the declared purpose coded in v3-ActReason, else any reason as text. */
function purposeOfEvent(e: AuditEventView) {
  if (e.action === 'emergency-access') return [{ coding: [codingOf('BTG')], text: e.reason ?? undefined }];
  const code = e.purposeOfUse ? toPurposeOfUse(e.purposeOfUse) : undefined;
  if (code) return [{ coding: [codingOf(code)] }];
  // A legacy purpose with no HL7 code, or a reason such as a refusal's cause.
  const text = e.purposeOfUse ?? e.reason;
  return text ? [{ text }] : undefined;
}

function detail(type: string, value: string) {
  return { type, valueString: value };
}

/**
 * One audit entry as a FHIR R4 AuditEvent. The hospital's own event type,
 * chain position and hashes travel as subtype and entity details, so an
 * export can be checked against the store.
 */
export function toFhirAuditEvent(e: AuditEventView): Record<string, unknown> {
  const occurred = e.occurredAt.toISOString();
  const entities: Record<string, unknown>[] = [
    {
      what: { identifier: { system: `urn:hms:resource:${e.resourceType}`, value: e.resourceId } },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
      detail: [
        detail('change', JSON.stringify(e.change)),
        detail('aggregateVersion', String(e.aggregateVersion)),
        detail('sequence', String(e.sequence)),
        detail('correlationId', e.correlationId),
        // FHIR R4 has no place for the session an agent acted in: its opaque reference travels here, by the request id.
        ...(e.actor.sessionRef ? [detail('sessionRef', e.actor.sessionRef)] : []),
        ...(e.keyId ? [detail('keyId', e.keyId)] : []),
        detail('prevHash', e.prevHash),
        detail('hash', e.hash),
      ],
    },
  ];
  if (e.patientId) {
    entities.push({
      what: { reference: `Patient/${e.patientId}` },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  }
  return {
    resourceType: 'AuditEvent',
    id: e.eventId,
    type: e.action === 'login' || e.action === 'logout' ? USER_AUTHENTICATION : REST_OPERATION,
    subtype: [{ system: 'urn:hms:event-type', code: e.type }],
    action: FHIR_ACTION[e.action] ?? 'E',
    period: { start: occurred, end: occurred },
    recorded: e.recordedAt.toISOString(),
    // 0 success; 4 minor failure, the FHIR code for a refused or failed request.
    outcome: e.outcome === 'success' ? '0' : '4',
    outcomeDesc: e.outcome === 'success' ? undefined : e.outcome,
    purposeOfEvent: purposeOfEvent(e),
    agent: [
      {
        who: { identifier: { system: `urn:hms:${e.actor.kind}`, value: e.actor.id } },
        requestor: true,
        role: e.actor.roles.length ? e.actor.roles.map((role) => ({ text: role })) : undefined,
        network: e.actor.ip ? { address: e.actor.ip, type: '2' } : undefined,
      },
    ],
    source: {
      site: 'HMS',
      observer: { display: 'HMS' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    entity: entities,
  };
}
