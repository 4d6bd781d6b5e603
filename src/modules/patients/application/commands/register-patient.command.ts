import { Command } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { PatientDetailChanges } from '../../domain/patient-details.js';
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
    readonly actor: Actor,
    readonly principal: Principal,
    readonly registration: PatientRegistration,
  ) {
    super();
  }
}
