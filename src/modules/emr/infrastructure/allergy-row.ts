import type {
  AllergyCategory,
  AllergyClinicalStatus,
  AllergyCriticality,
  AllergyKind,
  AllergyType,
  AllergyVerificationStatus,
  ReactionSeverity,
} from '../domain/allergy-vocabulary.js';

/** A row of `allergy_intolerances`. */
export interface AllergyRow {
  id: string;
  patient_id: string;
  hospital_id: string;
  department_id: string;
  responsible_user_ids: string[];
  encounter_id: string | null;
  recorded_by: string;
  kind: AllergyKind;
  /** Ciphertext. */
  substance_text: string | null;
  substance_code: string | null;
  type: AllergyType | null;
  categories: AllergyCategory[];
  criticality: AllergyCriticality | null;
  /** Ciphertext of the manifestations, a JSON array of texts in the order of reaction_severities. */
  reactions_text: string | null;
  reaction_severities: ReactionSeverity[];
  clinical_status: AllergyClinicalStatus | null;
  verification_status: AllergyVerificationStatus;
  onset_at: Date | null;
  pii_key_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  listed_at: Date;
}
