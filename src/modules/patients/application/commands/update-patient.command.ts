import { Command } from '@nestjs/cqrs';
import type { PatientDetailChanges } from '../../domain/patient-details.js';
import type { PatientEditor } from '../patient-reader.js';
import type { PatientView } from '../patient-view.js';

export class UpdatePatient extends Command<PatientView> {
  constructor(
    readonly editor: PatientEditor,
    readonly patientId: string,
    /** The version the client read (If-Match); undefined when it sent none. */
    readonly expectedVersion: number | undefined,
    /** Fields left undefined stay; null clears an optional one. */
    readonly changes: PatientDetailChanges,
  ) {
    super();
  }
}
