import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { PiiRotationKind } from './pii-rotation-kind.js';
import type { PiiRotationFailure } from './pii-rotation-status.js';

/** The rotation stopped; the rows it rewrote stay rewritten. The reason is a code: the row's `error` has the details. */
export class PiiRotationFailed extends DomainEvent<{
  readonly kind: PiiRotationKind;
  readonly targetKeyId: string;
  readonly rowsRewritten: number;
  readonly reason: PiiRotationFailure;
}> {
  static readonly TYPE = 'patients.PiiRotationFailed.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };

  constructor(
    rotationId: string,
    payload: { kind: PiiRotationKind; targetKeyId: string; rowsRewritten: number; reason: PiiRotationFailure },
  ) {
    super({ aggregateType: 'PiiRotation', aggregateId: rotationId, aggregateVersion: 2, payload });
  }
}
