import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { PiiRotationKind } from '../../domain/pii-rotation-kind.js';
import type { PiiRotationView } from '../pii-rotation-view.js';

/** Start rewriting every patient row under this process's active key of the kind (`npm run cli -- pii:rotate`). */
export class StartPiiRotation extends Command<PiiRotationView> {
  constructor(
    readonly kind: PiiRotationKind,
    readonly actor: Actor,
  ) {
    super();
  }
}
