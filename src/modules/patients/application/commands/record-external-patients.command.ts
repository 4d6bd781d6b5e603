import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../patient-reader.js';
import type { ExternalPatientOutcome, ExternalPatientRecord } from './record-external-patient.command.js';

/**
 * Part of the patients context's public contract (the intake pipeline's
 * chunks): RecordExternalPatient for several records of one assigner, each
 * identifier named once, in the caller's unit of work and a constant number
 * of statements, with the same outcomes, rows, encryption and events.
 * Either every record is applied (answered in the order given) or
 * NotAppliedAsSetError or a DomainError is thrown with nothing audited and
 * the caller's savepoint to roll back: the caller then sends the records one
 * by one, which refuses and audits each as RecordExternalPatient does.
 */
export class RecordExternalPatients extends Command<{ patientId: string; outcome: ExternalPatientOutcome }[]> {
  constructor(
    readonly writer: PatientEditor,
    readonly records: readonly ExternalPatientRecord[],
  ) {
    super();
  }
}
