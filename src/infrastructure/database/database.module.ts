import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { OutboxSignal } from '../events/outbox-signal.js';
import { buildDataSourceOptions } from './data-source-options.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config),
        autoLoadEntities: true,
        // Start-up fails fast and clearly instead of retrying silently for minutes.
        retryAttempts: 3,
        retryDelay: 1_000,
      }),
    }),
  ],
  providers: [UnitOfWork, OutboxSignal],
  exports: [UnitOfWork, OutboxSignal],
})
export class DatabaseModule {}
