import { BullModule } from '@nestjs/bull';
import { type DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { AppConfig, AppRole } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ObjectStorage } from '../../infrastructure/storage/object-storage.js';
import { SubmitIntakeHandler } from './application/commands/submit-intake.handler.js';
import { EnqueueIntake } from './application/events/enqueue-intake.handler.js';
import {
  ExportIntakeRecordsHandler,
  GetIntakeBatchHandler,
  ListIntakeBatchesHandler,
  ListIntakeRecordsHandler,
} from './application/queries/intake-queries.handler.js';
import { IntakeController } from './http/intake.controller.js';
import { acceptCsvOnly, IntakeUploadStorage } from './http/intake-upload-storage.js';
import { IntakeBatchRepository } from './infrastructure/intake-batch.repository.js';
import { INTAKE_QUEUE } from './infrastructure/intake-queue.js';
import { IntakeProcessor } from './infrastructure/intake.processor.js';
import { IntakeWorker } from './infrastructure/intake.worker.js';

/**
 * The intake pipeline: feeds in over HTTP, batches to follow, and (in
 * processes with the worker role) the consumer that applies them.
 */
@Module({})
export class IntakeModule {
  static forRole(role: AppRole): DynamicModule {
    const worker = role === 'worker' || role === 'all';
    return {
      module: IntakeModule,
      imports: [
        // In every role: EnqueueIntake is, and any role's /metrics reports the queue's depth.
        BullModule.registerQueue({ name: INTAKE_QUEUE }),
        MulterModule.registerAsync({
          inject: [APP_CONFIG, ObjectStorage],
          useFactory: (config: AppConfig, storage: ObjectStorage) => ({
            storage: new IntakeUploadStorage(storage, config.intake.csvMaxRecords),
            limits: { fileSize: config.intake.csvMaxBytes, files: 1, fields: 10, parts: 11 },
            fileFilter: acceptCsvOnly,
          }),
        }),
      ],
      controllers: [IntakeController],
      providers: [
        IntakeBatchRepository,
        SubmitIntakeHandler,
        GetIntakeBatchHandler,
        ListIntakeBatchesHandler,
        ListIntakeRecordsHandler,
        ExportIntakeRecordsHandler,
        EnqueueIntake,
        ...(worker ? [IntakeProcessor, IntakeWorker] : []),
      ],
    };
  }
}
