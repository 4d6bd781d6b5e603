import type { Interpretation, ObservationStatus, VitalCode } from '../domain/vital-signs.js';

/** One observation (FHIR Observation, category vital-signs), as the API answers it. */
export interface VitalObservationView {
  readonly id: string;
  readonly vitalSetId: string;
  readonly encounterId: string;
  readonly patientId: string;
  readonly category: 'vital-signs';
  readonly code: VitalCode;
  readonly display: string;
  readonly system: string;
  readonly value: number;
  readonly unit: string;
  readonly unitSystem: string;
  readonly interpretation: Interpretation | null;
  readonly derived: boolean;
  readonly status: ObservationStatus;
  /** Why it was marked entered-in-error. */
  readonly statusReason: string | null;
  readonly effectiveDateTime: Date;
  readonly lateEntry: boolean;
  readonly recordedBy: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A set of vitals recorded at once on an encounter. */
export interface VitalSetView {
  readonly id: string;
  readonly encounterId: string;
  readonly patientId: string;
  readonly effectiveDateTime: Date;
  readonly lateEntry: boolean;
  readonly lateEntryReason: string | null;
  readonly recordedBy: string;
  readonly version: number;
  readonly observations: readonly VitalObservationView[];
}

export interface VitalTrendPage {
  readonly items: readonly VitalObservationView[];
  readonly nextCursor: string | null;
}
