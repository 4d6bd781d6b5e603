import type { AppAbility, Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';

/** Who changes a patient: what a write needs to decide the caller's scope and to audit. */
export interface PatientEditor {
  readonly actor: Actor;
  readonly principal: Principal;
  readonly ability: AppAbility;
}

/** Who reads, and why: what every read of patient data needs to decide and to audit. */
export interface PatientReader extends PatientEditor {
  /** X-Purpose-Of-Use, validated; `treatment` by default. */
  readonly purposeOfUse: string;
}
