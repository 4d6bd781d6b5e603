import type { PiiRotationKind } from '../domain/pii-rotation-kind.js';
import type { PiiRotationStatus } from '../domain/pii-rotation-status.js';
import type { PiiRotationRow } from '../infrastructure/pii-rotation-row.js';

/** A rotation as operators see it. No personal data: ids, key ids, counts. */
export interface PiiRotationView {
  readonly rotationId: string;
  readonly kind: PiiRotationKind;
  readonly targetKeyId: string;
  readonly status: PiiRotationStatus;
  readonly rowsRewritten: number;
  /** Rows (patients; for the encryption key also other contexts' encrypted texts) not under the target key now; null when not counted (it takes a scan of the tables). */
  readonly remainingRows: number | null;
  readonly error: string | null;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

export function toPiiRotationView(row: PiiRotationRow, remainingRows: number | null): PiiRotationView {
  return {
    rotationId: row.id,
    kind: row.kind,
    targetKeyId: row.target_key_id,
    status: row.status,
    rowsRewritten: row.rows_rewritten,
    remainingRows,
    error: row.error,
    requestedBy: row.requested_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
