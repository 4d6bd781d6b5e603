import { Query } from '@nestjs/cqrs';

export interface ClinicHoursView {
  readonly hospitalId: string;
  readonly opens: string;
  readonly closes: string;
  readonly timeZone: string;
  /** False while the hospital keeps the defaults (09:00 to 18:00). */
  readonly custom: boolean;
}

/** A hospital's clinic hours (its own, or the defaults). */
export class GetClinicHours extends Query<ClinicHoursView> {
  constructor(readonly hospitalId: string) {
    super();
  }
}
