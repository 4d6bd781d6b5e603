import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { CareLinkKind } from '../../domain/care-link.js';

export interface CareLinkResult {
  /** The patient linked: the one asked for, or the record it was merged into. */
  readonly patientId: string;
  /** False when the link existed already (nothing recorded). */
  readonly added: boolean;
}

/**
 * Part of the patients context's public contract: other contexts link the
 * users, departments and hospitals involved with a patient (appointments,
 * encounters, admissions) from their event handlers. Idempotent.
 */
export class LinkPatientCare extends Command<CareLinkResult> {
  constructor(
    readonly actor: Actor,
    readonly patientId: string,
    readonly kind: CareLinkKind,
    readonly refId: string,
    /** What the link comes from, e.g. `appointment`, `admission`. */
    readonly source: string,
  ) {
    super();
  }
}
