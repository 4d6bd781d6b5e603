import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { PiiRotationKind } from './pii-rotation-kind.js';

/** An operator started a key rotation. Kind and key id only: key ids name keys, they are not secrets. */
export class PiiRotationStarted extends DomainEvent<{ readonly kind: PiiRotationKind; readonly targetKeyId: string }> {
  static readonly TYPE = 'patients.PiiRotationStarted.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };

  constructor(rotationId: string, payload: { kind: PiiRotationKind; targetKeyId: string }) {
    super({ aggregateType: 'PiiRotation', aggregateId: rotationId, aggregateVersion: 1, payload });
  }
}
