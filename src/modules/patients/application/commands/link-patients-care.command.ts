import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { CareLinkKind } from '../../domain/care-link.js';
import type { CareLinkResult } from './link-patient-care.command.js';

/** One link LinkPatientsCare is asked for. */
export interface WantedCareLink {
  readonly patientId: string;
  readonly kind: CareLinkKind;
  readonly refId: string;
  readonly source: string;
}

/**
 * Part of the patients context's public contract: LinkPatientCare for
 * several links at once (a batch's encounters), in the caller's unit of
 * work, in a constant number of statements. Answers each link's result in
 * the order given; a link named twice is added (and answered added) once.
 */
export class LinkPatientsCare extends Command<CareLinkResult[]> {
  constructor(
    readonly actor: Actor,
    readonly links: readonly WantedCareLink[],
  ) {
    super();
  }
}
