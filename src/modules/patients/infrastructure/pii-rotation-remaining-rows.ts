import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PiiRotationKind } from '../domain/pii-rotation-kind.js';
import { PiiRotationPatientRows } from './pii-rotation-patient-rows.js';
import { PiiRotationTextRows } from './pii-rotation-text-rows.js';

/**
 * Rows a rotation still has to rewrite: patients not under the target, and
 * for the encryption key the rows of every encrypted text table too (blind
 * indexes exist on patients only). What ends a pass and what --status shows.
 */
@Injectable()
export class PiiRotationRemainingRows {
  constructor(
    private readonly patients: PiiRotationPatientRows,
    private readonly texts: PiiRotationTextRows,
  ) {}

  async count(db: EntityManager, kind: PiiRotationKind, targetKeyId: string): Promise<number> {
    const patients = await this.patients.countRemaining(db, kind, targetKeyId);
    return kind === 'encryption' ? patients + (await this.texts.countRemaining(db, targetKeyId)) : patients;
  }
}
