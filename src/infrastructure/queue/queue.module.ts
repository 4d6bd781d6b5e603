import { BullModule } from '@nestjs/bull';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AUDIT_QUEUE, DOMAIN_EVENTS_QUEUE } from './queue-names.js';
import { buildQueueOptions } from './queue-options.js';

/** Injection token of every queue's name (the outbox's and the contexts'), for metrics. */
export const QUEUE_NAMES = Symbol('QUEUE_NAMES');

const outboxQueues = BullModule.registerQueue({ name: DOMAIN_EVENTS_QUEUE }, { name: AUDIT_QUEUE });

/** Bull's connection for every queue and the outbox's queues; a context registers its own queues in its module. */
@Global()
@Module({})
export class QueueModule {
  static forRoot(queueNames: readonly string[]): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => buildQueueOptions(config) }),
        outboxQueues,
      ],
      providers: [{ provide: QUEUE_NAMES, useValue: queueNames }],
      exports: [outboxQueues, QUEUE_NAMES],
    };
  }
}
