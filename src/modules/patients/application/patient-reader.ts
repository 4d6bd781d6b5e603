import type { AppAbility, Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';

/** Who reads, and why: what every read of patient data needs to decide and to audit. */
export interface PatientReader {
  readonly actor: Actor;
  readonly principal: Principal;
  readonly ability: AppAbility;
  /** X-Purpose-Of-Use, validated; `treatment` by default. */
  readonly purposeOfUse: string;
}
