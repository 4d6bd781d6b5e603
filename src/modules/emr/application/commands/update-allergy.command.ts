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

/** Fields left undefined stay as they are; null clears type, criticality or onset. */
export interface AllergyChanges {
  readonly substance?: string;
  readonly type?: AllergyType | null;
  readonly category?: readonly AllergyCategory[];
  readonly criticality?: AllergyCriticality | null;
  readonly reactions?: readonly AllergyReactionView[];
  readonly clinicalStatus?: AllergyClinicalStatus;
  readonly verificationStatus?: AllergyVerificationStatus;
  readonly onsetAt?: Date | null;
}

export class UpdateAllergy extends Command<AllergyView> {
  constructor(
    readonly writer: PatientEditor,
    readonly allergyId: string,
    /** From If-Match; required (428 without). */
    readonly expectedVersion: number | undefined,
    readonly changes: AllergyChanges,
  ) {
    super();
  }
}
