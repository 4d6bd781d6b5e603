import { Command } from '@nestjs/cqrs';
import type { DeactivationReason } from '../../domain/patient-status.js';
import type { PatientEditor } from '../patient-reader.js';
import type { PatientView } from '../patient-view.js';

export class DeactivatePatient extends Command<PatientView> {
  constructor(
    readonly editor: PatientEditor,
    readonly patientId: string,
    readonly expectedVersion: number | undefined,
    readonly reason: DeactivationReason,
  ) {
    super();
  }
}
