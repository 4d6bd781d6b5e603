import { BullModule } from '@nestjs/bull';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AppRole } from '../../config/app-config.js';
import type { EncryptedTextTable } from '../../infrastructure/context/context-descriptor.js';
import { PII_ROTATION_QUEUE } from './infrastructure/pii-rotation-queue.js';
import { StartPiiRotationHandler } from './application/commands/start-pii-rotation.handler.js';
import { EnqueuePiiRotation } from './application/events/enqueue-pii-rotation.handler.js';
import { FindPiiRotationsHandler } from './application/queries/find-pii-rotations.handler.js';
import { GetPiiRotationHandler } from './application/queries/get-pii-rotation.handler.js';
import { PatientCipher } from './infrastructure/patient-cipher.js';
import { PiiRotationMetrics } from './infrastructure/pii-rotation-metrics.js';
import { PiiRotationPatientRows } from './infrastructure/pii-rotation-patient-rows.js';
import { PiiRotationProcessor } from './infrastructure/pii-rotation.processor.js';
import { PiiRotationRepository } from './infrastructure/pii-rotation.repository.js';
import { PiiRotationWorker } from './infrastructure/pii-rotation.worker.js';
import { PiiRotationRemainingRows } from './infrastructure/pii-rotation-remaining-rows.js';
import { ENCRYPTED_TEXT_TABLES, PiiRotationTextRows } from './infrastructure/pii-rotation-text-rows.js';

/**
 * Key rotation of patient data (ADR 10). Every role can start and list
 * rotations; the queue, the handler that feeds it and its consumer exist only
 * in worker processes, where the outbox's events are dispatched, so the api
 * role and the CLI need no Redis for this.
 */
@Module({})
export class PiiRotationModule {
  static forRole(role: AppRole, encryptedTexts: readonly EncryptedTextTable[] = []): DynamicModule {
    const worker = role === 'worker' || role === 'all';
    return {
      module: PiiRotationModule,
      imports: worker ? [BullModule.registerQueue({ name: PII_ROTATION_QUEUE })] : [],
      providers: [
        PatientCipher,
        PiiRotationRepository,
        PiiRotationPatientRows,
        { provide: ENCRYPTED_TEXT_TABLES, useValue: encryptedTexts },
        PiiRotationTextRows,
        PiiRotationRemainingRows,
        StartPiiRotationHandler,
        FindPiiRotationsHandler,
        GetPiiRotationHandler,
        ...(worker ? [EnqueuePiiRotation, PiiRotationMetrics, PiiRotationProcessor, PiiRotationWorker] : []),
      ],
    };
  }
}
