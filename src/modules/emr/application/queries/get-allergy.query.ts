import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { AllergyView } from '../allergy-view.js';

/** One allergy or no-known-allergies assertion (GET /allergies/{id}). */
export class GetAllergy extends Query<AllergyView> {
  constructor(
    readonly reader: PatientReader,
    readonly allergyId: string,
    /** The record as it stood at this instant (not in the future); the current record when left out. */
    readonly asOf?: Date,
  ) {
    super();
  }
}
