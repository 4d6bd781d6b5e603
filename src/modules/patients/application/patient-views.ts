import { Injectable } from '@nestjs/common';
import { holds } from '@hms/authz';
import { FieldDecryptionError } from '@hms/crypto';
import type { ExternalIdentifier } from '../domain/external-identifier.js';
import { maskPersonalData } from '../domain/patient-masking.js';
import { PERSONAL_FIELDS, type PatientPersonalData, type PersonalField } from '../domain/patient-personal-data.js';
import type { PatientState } from '../domain/patient-state.js';
import { PatientUnreadableError } from '../domain/patient-unreadable.error.js';
import { PatientCipher } from '../infrastructure/patient-cipher.js';
import type { PatientView } from './patient-view.js';

export const READ_SENSITIVE = 'patients:read-sensitive';

/**
 * The one way from a stored state (a row, or a past version rebuilt from
 * events) to what a caller sees: decrypt every field, mask the sensitive
 * ones unless the caller holds patients:read-sensitive. A ciphertext that
 * fails authentication stops the whole record (PATIENT.UNREADABLE). External
 * identifiers are not versioned (ADR 38): every state shows the record's
 * identifiers as they are now, unmasked like the MRN.
 */
@Injectable()
export class PatientViews {
  constructor(private readonly cipher: PatientCipher) {}

  toView(state: PatientState, permissions: readonly string[], externalIdentifiers: readonly ExternalIdentifier[]): PatientView {
    const data = this.decrypt(state);
    const shown = holds(permissions, READ_SENSITIVE) ? data : maskPersonalData(data);
    return {
      id: state.id,
      mrn: state.mrn,
      externalIdentifiers,
      firstName: shown.firstName,
      middleName: shown.middleName,
      lastName: shown.lastName,
      dateOfBirth: shown.dateOfBirth,
      sex: state.sex,
      phone: shown.phone,
      email: shown.email,
      address: shown.address,
      nationalId: shown.nationalId,
      emergencyContact: shown.emergencyContact,
      preferredLanguage: shown.preferredLanguage,
      registeringHospitalId: state.registeringHospitalId,
      status: state.status,
      mergedIntoId: state.mergedIntoId,
      version: state.version,
      createdAt: state.createdAt,
      updatedAt: state.updatedAt,
    };
  }

  /** The plaintext of every personal field; PATIENT.UNREADABLE (naming only the id) when one fails authentication. */
  decrypt(state: PatientState): PatientPersonalData {
    const data = {} as Record<PersonalField, unknown>;
    try {
      for (const field of PERSONAL_FIELDS) data[field] = this.cipher.decryptField(state.id, field, state.encrypted[field]);
    } catch (error) {
      if (error instanceof FieldDecryptionError || error instanceof SyntaxError) throw new PatientUnreadableError(state.id);
      throw error;
    }
    return data as unknown as PatientPersonalData;
  }
}
