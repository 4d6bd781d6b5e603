import type { EncryptedPersonalData } from './encrypted-personal-data.js';
import { PatientDeactivated } from './patient-deactivated.event.js';
import { PatientMerged } from './patient-merged.event.js';
import type { PersonalField } from './patient-personal-data.js';
import { PatientRegistered } from './patient-registered.event.js';
import type { PatientSex } from './patient-sex.js';
import type { PatientState } from './patient-state.js';
import type { PatientStatus } from './patient-status.js';
import { PatientUpdated } from './patient-updated.event.js';

/** One versioned event of a patient as the audit store returns it: namespaced type, payload upcast to it. */
export interface PatientVersionEvent {
  readonly version: number;
  readonly type: string;
  readonly occurredAt: Date;
  readonly actor: { readonly id: string; readonly kind: string };
  readonly change: unknown;
}

/** The record as it stood after one version, with who made that version and how. */
export interface PatientVersion {
  readonly version: number;
  readonly type: string;
  readonly occurredAt: Date;
  readonly actor: { readonly id: string; readonly kind: string };
  readonly state: PatientState;
}

/** The stored stream does not make sense: a gap, an unknown event, or a first event that is not a registration. */
export class PatientStreamCorruptError extends Error {
  constructor(patientId: string, reason: string) {
    super(`the event stream of patient ${patientId} cannot be replayed: ${reason}`);
    this.name = 'PatientStreamCorruptError';
  }
}

interface Payload {
  readonly mrn?: string;
  readonly sex?: PatientSex;
  readonly status?: PatientStatus;
  readonly mergedIntoId?: string | null;
  readonly registeringHospitalId?: string;
  readonly encrypted?: Partial<EncryptedPersonalData>;
}

/**
 * Replays a patient's versioned events (oldest first) into the record as it
 * stood after each one. Personal fields stay ciphertexts here: they are
 * decrypted, and masked, by the same mapper as the current record.
 */
export function replayPatientVersions(patientId: string, events: readonly PatientVersionEvent[]): PatientVersion[] {
  const versions: PatientVersion[] = [];
  let current: PatientState | undefined;
  for (const event of events) {
    const payload = (event.change ?? {}) as Payload;
    const expected = (current?.version ?? 0) + 1;
    if (event.version !== expected)
      throw new PatientStreamCorruptError(patientId, `version ${event.version} follows ${expected - 1}`);
    if (!current) {
      if (
        event.type !== PatientRegistered.TYPE ||
        !payload.encrypted ||
        !payload.mrn ||
        !payload.sex ||
        !payload.registeringHospitalId
      )
        throw new PatientStreamCorruptError(patientId, `it starts with ${event.type}`);
      current = {
        id: patientId,
        mrn: payload.mrn,
        sex: payload.sex,
        status: payload.status ?? 'active',
        mergedIntoId: null,
        registeringHospitalId: payload.registeringHospitalId,
        encrypted: payload.encrypted as EncryptedPersonalData,
        version: 1,
        createdAt: event.occurredAt,
        updatedAt: event.occurredAt,
      };
    } else {
      current = applyChange(patientId, current, event, payload);
    }
    versions.push({
      version: event.version,
      type: event.type,
      occurredAt: event.occurredAt,
      actor: event.actor,
      state: current,
    });
  }
  return versions;
}

function applyChange(patientId: string, record: PatientState, event: PatientVersionEvent, payload: Payload): PatientState {
  const next = { ...record, version: event.version, updatedAt: event.occurredAt };
  switch (event.type) {
    case PatientUpdated.TYPE:
      return {
        ...next,
        sex: payload.sex ?? record.sex,
        encrypted: { ...record.encrypted, ...(payload.encrypted as Partial<Record<PersonalField, string | null>>) },
      };
    case PatientDeactivated.TYPE:
    case PatientMerged.TYPE:
      if (!payload.status) throw new PatientStreamCorruptError(patientId, `${event.type} carries no status`);
      return { ...next, status: payload.status, mergedIntoId: payload.mergedIntoId ?? null };
    default:
      throw new PatientStreamCorruptError(patientId, `unknown event ${event.type} at version ${event.version}`);
  }
}
