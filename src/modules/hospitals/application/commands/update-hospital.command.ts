import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { HospitalDetails } from '../../domain/hospital-details.js';
import type { HospitalView } from '../hospital-view.js';

/** Fields left undefined stay as they are; phone null clears it. */
export type HospitalChanges = Partial<HospitalDetails>;

export class UpdateHospital extends Command<HospitalView> {
  constructor(
    readonly actor: Actor,
    readonly hospitalId: string,
    /** The version the client read (If-Match); undefined when it sent none. */
    readonly expectedVersion: number | undefined,
    readonly changes: HospitalChanges,
  ) {
    super();
  }
}
