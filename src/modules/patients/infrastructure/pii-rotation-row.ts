import type { PiiRotationKind } from '../domain/pii-rotation-kind.js';
import type { PiiRotationStatus } from '../domain/pii-rotation-status.js';

/** A pii_rotations row as the repository selects it (rows_rewritten as a number). */
export interface PiiRotationRow {
  readonly id: string;
  readonly kind: PiiRotationKind;
  readonly target_key_id: string;
  readonly status: PiiRotationStatus;
  readonly rows_rewritten: number;
  readonly last_patient_id: string | null;
  readonly error: string | null;
  readonly requested_by: string;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly finished_at: Date | null;
}
