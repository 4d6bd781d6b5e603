import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { PiiRotationKind } from './pii-rotation-kind.js';

/** Every patient row is now written under the target key. */
export class PiiRotationCompleted extends DomainEvent<{
  readonly kind: PiiRotationKind;
  readonly targetKeyId: string;
  readonly rowsRewritten: number;
}> {
  static readonly TYPE = 'patients.PiiRotationCompleted.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };

  constructor(rotationId: string, payload: { kind: PiiRotationKind; targetKeyId: string; rowsRewritten: number }) {
    super({ aggregateType: 'PiiRotation', aggregateId: rotationId, aggregateVersion: 2, payload });
  }
}
