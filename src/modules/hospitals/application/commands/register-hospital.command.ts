import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { HospitalView } from '../hospital-view.js';

export interface NewHospitalDetails {
  readonly name: string;
  readonly address: string;
  readonly phone?: string | null;
  readonly isActive?: boolean;
  /** IANA zone; DEFAULT_TIME_ZONE when left out. */
  readonly timeZone?: string;
}

export class RegisterHospital extends Command<HospitalView> {
  constructor(
    readonly actor: Actor,
    readonly details: NewHospitalDetails,
  ) {
    super();
  }
}
