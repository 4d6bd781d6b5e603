import { Query } from '@nestjs/cqrs';
import type { PractitionerProfileView } from '../practitioner-profile-view.js';

/** One doctor as booking screens show them, or NotFound (unknown, or not a doctor). */
export class GetPractitionerProfile extends Query<PractitionerProfileView> {
  constructor(readonly practitionerId: string) {
    super();
  }
}
