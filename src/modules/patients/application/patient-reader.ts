import type { AppAbility, Principal, PurposeOfUse } from '@hms/authz';
import type { Actor } from '@hms/ddd';

/** Who changes a patient: what a write needs to decide the caller's scope and to audit. */
export interface PatientEditor {
  readonly actor: Actor;
  readonly principal: Principal;
  readonly ability: AppAbility;
}

/** Who reads, and why: what every read of patient data needs to decide and to audit. */
export interface PatientReader extends PatientEditor {
  /** X-Purpose-Of-Use as its HL7 v3 code; TREAT by default. */
  readonly purposeOfUse: PurposeOfUse;
}
