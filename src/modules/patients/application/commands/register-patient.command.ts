import { Command } from '@nestjs/cqrs';
import type { PatientDetailChanges } from '../../domain/patient-details.js';
import type { PatientReader } from '../patient-reader.js';
import type { PatientView } from '../patient-view.js';

export interface PatientRegistration {
  /** Every detail; optional ones null or left out. */
  readonly details: PatientDetailChanges;
  /** Supplied by an import; generated when left out. */
  readonly mrn?: string;
  /** The caller's own hospital when left out. */
  readonly registeringHospitalId?: string;
  /** The client confirmed that a same-name, same-birth-date patient is another person. */
  readonly allowDuplicate: boolean;
}

export class RegisterPatient extends Command<PatientView> {
  constructor(
    /** Who registers, and why: the duplicate check reads other patients on their behalf (and audits it). */
    readonly registrar: PatientReader,
    readonly registration: PatientRegistration,
  ) {
    super();
  }
}
