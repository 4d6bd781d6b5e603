import { Injectable } from '@nestjs/common';
import type { AllergySnapshot } from '../domain/allergy-events.js';
import { NO_KNOWN_ALLERGY_CODE, type ReactionSeverity } from '../domain/allergy-vocabulary.js';
import { ClinicalTextCipher } from '../infrastructure/clinical-text-cipher.js';
import type { AllergyRow } from '../infrastructure/allergy-row.js';
import type { AllergyReactionView, AllergyView } from './allergy-view.js';

export const SUBSTANCE = { table: 'allergy_intolerances', column: 'substance_text' } as const;
export const REACTIONS = { table: 'allergy_intolerances', column: 'reactions_text' } as const;

/** The texts of a row, decrypted. */
export interface AllergyTexts {
  readonly substance: string | null;
  readonly reactions: readonly AllergyReactionView[];
}

/** Rows as answers (texts decrypted), texts in and out of their ciphertexts, and snapshots (texts left out). */
@Injectable()
export class AllergyViews {
  constructor(private readonly cipher: ClinicalTextCipher) {}

  texts(row: AllergyRow): AllergyTexts {
    const manifestations = JSON.parse(this.cipher.decrypt(REACTIONS, row.id, row.reactions_text) ?? '[]') as string[];
    return {
      substance: this.cipher.decrypt(SUBSTANCE, row.id, row.substance_text),
      reactions: manifestations.map((manifestation, i) => ({ manifestation, severity: row.reaction_severities[i] })),
    };
  }

  /** The ciphertexts of a row's texts, all under the active key (a row never mixes keys). */
  encrypted(
    id: string,
    texts: AllergyTexts,
  ): {
    substance_text: string | null;
    reactions_text: string | null;
    reaction_severities: ReactionSeverity[];
    pii_key_id: string | null;
  } {
    const reactions =
      texts.reactions.length === 0 ? null : JSON.stringify(texts.reactions.map((reaction) => reaction.manifestation));
    return {
      substance_text: this.cipher.encrypt(SUBSTANCE, id, texts.substance),
      reactions_text: this.cipher.encrypt(REACTIONS, id, reactions),
      reaction_severities: texts.reactions.map((reaction) => reaction.severity),
      pii_key_id: texts.substance === null && reactions === null ? null : this.cipher.activeKeyId,
    };
  }

  view(row: AllergyRow): AllergyView {
    const texts = this.texts(row);
    return {
      id: row.id,
      patientId: row.patient_id,
      encounterId: row.encounter_id,
      recordedBy: row.recorded_by,
      kind: row.kind,
      code: row.kind === 'no-known-allergies' ? { ...NO_KNOWN_ALLERGY_CODE } : null,
      substance: texts.substance,
      substanceCode: row.substance_code,
      type: row.type,
      category: row.categories,
      criticality: row.criticality,
      reactions: texts.reactions,
      clinicalStatus: row.clinical_status,
      verificationStatus: row.verification_status,
      onsetDateTime: row.onset_at,
      recordedDate: row.created_at,
      version: row.version,
      updatedAt: row.updated_at,
    };
  }
}

export function allergySnapshot(row: AllergyRow): AllergySnapshot {
  return {
    allergyId: row.id,
    patientId: row.patient_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    encounterId: row.encounter_id,
    recordedBy: row.recorded_by,
    kind: row.kind,
    code: row.kind === 'no-known-allergies' ? NO_KNOWN_ALLERGY_CODE.code : null,
    substanceRecorded: row.substance_text !== null,
    substanceCode: row.substance_code,
    type: row.type,
    category: [...row.categories],
    criticality: row.criticality,
    reactionSeverities: [...row.reaction_severities],
    clinicalStatus: row.clinical_status,
    verificationStatus: row.verification_status,
    onsetAt: row.onset_at?.toISOString() ?? null,
    recordedAt: row.created_at.toISOString(),
  };
}
