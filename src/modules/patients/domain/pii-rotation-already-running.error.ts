import { ConflictError } from '@hms/ddd';
import type { PiiRotationKind } from './pii-rotation-kind.js';

/** One rotation of a kind at a time (a unique index on pii_rotations decides races). */
export class PiiRotationAlreadyRunningError extends ConflictError {
  constructor(kind: PiiRotationKind, runningId: string | undefined) {
    super(`the ${kind} rotation${runningId ? ` ${runningId}` : ''} is still running; follow it with pii:rotate --status`, {
      kind,
      runningId,
    });
  }
}
