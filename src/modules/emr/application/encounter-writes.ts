import { AccessDenied, type PatientScopedRecord } from '@hms/authz';
import type { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import { LinkPatientCare } from '../../patients/index.js';
import type { EncounterSnapshot } from '../domain/encounter-events.js';
import { snapshotOf } from '../domain/encounter-events.js';
import { responsibleUsersOf } from '../domain/encounter-state.js';
import type { EncounterCipher } from '../infrastructure/encounter-cipher.js';
import { type EncounterRow, toEncounterState } from '../infrastructure/encounter-row.js';
import type { EncounterChange } from '../infrastructure/encounter.repository.js';

/** The care links' source label: what linked the patient to the user, department or hospital. */
export const CARE_LINK_SOURCE = 'emr.encounter';

/** The attributes an encounter's scopes are tested on. */
export function scopedRecordOf(row: EncounterRow): PatientScopedRecord {
  return {
    patientId: row.patient_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    responsibleUserIds: row.responsible_user_ids,
  };
}

export function snapshotOfRow(row: EncounterRow): EncounterSnapshot {
  return snapshotOf(toEncounterState(row), { reason: row.reason_text !== null, statusReason: row.status_reason !== null });
}

/** The audit record of a write refused as not found: the encounter exists, but not within the writer's emr:write. */
export function refusedWrite(actor: Actor, resourceType: 'Encounter' | 'Patient' | 'Department', id: string): AccessDenied {
  return new AccessDenied({ userId: actor.id, reason: 'out-of-scope', permission: 'emr:write', resourceType, resourceId: id });
}

/**
 * The free-text columns after a change, all under the active key: a row
 * never mixes keys, so a rotation finds what is left by pii_key_id alone
 * (as patients' rows do, ADR 10). Texts not named keep their plaintext.
 */
export function rewrittenTexts(
  cipher: EncounterCipher,
  row: Pick<EncounterRow, 'id' | 'reason_text' | 'status_reason'>,
  next: { readonly reasonText?: string | null; readonly statusReason?: string | null },
): Pick<EncounterChange, 'reasonText' | 'statusReason' | 'piiKeyId'> {
  const reason = next.reasonText !== undefined ? next.reasonText : cipher.decrypt(row.id, 'reason_text', row.reason_text);
  const statusReason =
    next.statusReason !== undefined ? next.statusReason : cipher.decrypt(row.id, 'status_reason', row.status_reason);
  return {
    reasonText: cipher.encrypt(row.id, 'reason_text', reason),
    statusReason: cipher.encrypt(row.id, 'status_reason', statusReason),
    piiKeyId: reason === null && statusReason === null ? null : cipher.activeKeyId,
  };
}

/**
 * Links the patient to the encounter's users (and, given, its hospital and
 * department) through the patients contract, in the caller's unit of work,
 * so they may open the patient's master record (patients:read's scopes).
 * Answers the record the links went to: a patient merged meanwhile answers
 * its surviving record. The first link takes a key-share lock on the
 * patient that a merge waits for until this unit of work commits.
 */
export async function linkCare(
  commands: CommandBus,
  actor: Actor,
  patientId: string,
  links: {
    readonly hospitalId?: string;
    readonly departmentId?: string;
    readonly users: Parameters<typeof responsibleUsersOf>[0];
  },
): Promise<string> {
  const targets = [
    ...(links.hospitalId ? [{ kind: 'hospital' as const, refId: links.hospitalId }] : []),
    ...(links.departmentId ? [{ kind: 'department' as const, refId: links.departmentId }] : []),
    ...responsibleUsersOf(links.users).map((refId) => ({ kind: 'user' as const, refId })),
  ];
  let linkedTo = patientId;
  for (const { kind, refId } of targets) {
    const result = await commands.execute(new LinkPatientCare(actor, patientId, kind, refId, CARE_LINK_SOURCE));
    linkedTo = result.patientId;
  }
  return linkedTo;
}
