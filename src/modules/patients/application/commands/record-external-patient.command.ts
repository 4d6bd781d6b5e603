import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../patient-reader.js';

/** A patient as another system sends it, named by that system's MRN under the hospital that received it (ADR 38). */
export interface ExternalPatientRecord {
  /** The receiving hospital: the identifier's assigner, and where a new patient is registered. */
  readonly assignerHospitalId: string;
  /** The sender's MRN, already checked for format by the caller. */
  readonly value: string;
  readonly firstName: string;
  readonly lastName: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
}

/** created: registered with the identifier; updated: the fields that differed changed; unchanged: nothing written. */
export type ExternalPatientOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Part of the patients context's public contract (the intake pipeline):
 * finds the patient holding the identifier and brings its names and birth
 * date to what the sender says (UpdatePatient), or registers one with it
 * (RegisterPatient). Joins the caller's unit of work: nothing commits on its
 * own, and every refusal is thrown.
 */
export class RecordExternalPatient extends Command<{ patientId: string; outcome: ExternalPatientOutcome }> {
  constructor(
    readonly writer: PatientEditor,
    readonly record: ExternalPatientRecord,
  ) {
    super();
  }
}
