import { Query } from '@nestjs/cqrs';
import type { PiiRotationView } from '../pii-rotation-view.js';

/** The most recent rotations, newest first, each with the rows still not under its target key. */
export class FindPiiRotations extends Query<PiiRotationView[]> {
  constructor(readonly limit = 20) {
    super();
  }
}
