import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../patient-reader.js';
import type { PatientView } from '../patient-view.js';

/** Answers the source as it is after the merge (status merged, mergedIntoId the target). */
export class MergePatients extends Command<PatientView> {
  constructor(
    readonly editor: PatientEditor,
    readonly sourceId: string,
    readonly intoPatientId: string,
  ) {
    super();
  }
}
