import { Query } from '@nestjs/cqrs';
import type { PiiRotationView } from '../pii-rotation-view.js';

/** One rotation; `countRemaining` also counts the rows not under its target (a scan of the patients table). */
export class GetPiiRotation extends Query<PiiRotationView> {
  constructor(
    readonly rotationId: string,
    readonly countRemaining = false,
  ) {
    super();
  }
}
