import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type {
  AllergyCategory,
  AllergyClinicalStatus,
  AllergyCriticality,
  AllergyType,
  AllergyVerificationStatus,
} from '../../domain/allergy-vocabulary.js';
import type { AllergyReactionView, AllergyView } from '../allergy-view.js';

/** An allergy or intolerance to a substance, or (noKnownAllergies) the assertion that the patient has none. */
export interface NewAllergy {
  readonly noKnownAllergies: boolean;
  readonly encounterId?: string;
  readonly substance?: string;
  readonly type?: AllergyType;
  readonly category?: readonly AllergyCategory[];
  readonly criticality?: AllergyCriticality;
  readonly reactions?: readonly AllergyReactionView[];
  readonly clinicalStatus?: AllergyClinicalStatus;
  readonly verificationStatus?: AllergyVerificationStatus;
  readonly onsetAt?: Date;
}

export class RecordAllergy extends Command<AllergyView> {
  constructor(
    readonly writer: PatientEditor,
    readonly patientId: string,
    readonly allergy: NewAllergy,
  ) {
    super();
  }
}
