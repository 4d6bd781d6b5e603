import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CONTEXTS } from './contexts.js';
import { contextCatalogue } from './infrastructure/context/context-catalogue.js';
import type { AnyContextDescriptor, ModuleImports } from './infrastructure/context/context-descriptor.js';
import { DatabaseModule } from './infrastructure/database/database.module.js';
import { EventsModule } from './infrastructure/events/events.module.js';
import { HealthModule } from './infrastructure/health/health.module.js';
import { RateLimitGuard } from './infrastructure/http/rate-limit.guard.js';
import { LoggingModule } from './infrastructure/logging/logging.module.js';
import { MetricsModule } from './infrastructure/metrics/metrics.module.js';
import { allQueueNames } from './infrastructure/queue/queue-names.js';
import { QueueModule } from './infrastructure/queue/queue.module.js';
import { RedisModule } from './infrastructure/redis/redis.module.js';
import { StorageModule } from './infrastructure/storage/storage.module.js';

export interface AppModuleOptions {
  /** The bounded contexts to mount; the list in src/contexts.ts unless a test adds one. */
  readonly contexts?: readonly AnyContextDescriptor[];
  /** Fixture modules mounted beside the real ones (tests). */
  readonly imports?: ModuleImports;
  /** Where logs go instead of stdout (tests). */
  readonly logStream?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    const contexts = options.contexts ?? CONTEXTS;
    const catalogue = contextCatalogue(contexts);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(options.logStream),
        MetricsModule,
        DatabaseModule,
        RedisModule,
        StorageModule.forRole(config.role),
        QueueModule.forRoot(allQueueNames(contexts)),
        CqrsModule.forRoot(),
        EventsModule.forRole(config.role),
        HealthModule,
        ...contexts.flatMap((context) => context.modules(config, catalogue)),
        ...(options.imports ?? []),
      ],
      providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}
