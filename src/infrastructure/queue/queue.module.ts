import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AUDIT_QUEUE, DOMAIN_EVENTS_QUEUE, IMPORTS_QUEUE } from './queue-names.js';
import { buildQueueOptions } from './queue-options.js';

const queues = BullModule.registerQueue({ name: DOMAIN_EVENTS_QUEUE }, { name: AUDIT_QUEUE }, { name: IMPORTS_QUEUE });

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => buildQueueOptions(config) }),
    queues,
  ],
  exports: [queues],
})
export class QueueModule {}
