import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { ObservationStatus, VitalCode } from '../../domain/vital-signs.js';
import type { VitalTrendPage } from '../vital-view.js';

export interface VitalTrendFilter {
  readonly code?: VitalCode;
  /** final by default: entered-in-error observations are listed only when asked for. */
  readonly status: ObservationStatus;
  readonly from?: Date;
  readonly to?: Date;
  readonly cursor?: string;
  readonly limit: number;
}

export class ListPatientVitals extends Query<VitalTrendPage> {
  constructor(
    readonly reader: PatientReader,
    readonly patientId: string,
    readonly filter: VitalTrendFilter,
  ) {
    super();
  }
}
