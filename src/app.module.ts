import { type DynamicModule, type ModuleMetadata, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './infrastructure/database/database.module.js';
import { EventsModule } from './infrastructure/events/events.module.js';
import { HealthModule } from './infrastructure/health/health.module.js';
import { RateLimitGuard } from './infrastructure/http/rate-limit.guard.js';
import { LoggingModule } from './infrastructure/logging/logging.module.js';
import { MetricsModule } from './infrastructure/metrics/metrics.module.js';
import { QueueModule } from './infrastructure/queue/queue.module.js';
import { RedisModule } from './infrastructure/redis/redis.module.js';
import { AuditModule } from './modules/audit/index.js';
import { AuthModule } from './modules/auth/index.js';
import { HospitalsModule } from './modules/hospitals/index.js';
// Not through its index.ts, which hospitals imports (a module there would make the two indexes import each other).
import { PatientsModule } from './modules/patients/patients.module.js';
import { PiiRotationModule } from './modules/patients/pii-rotation.module.js';
import { PERMISSION_CATALOGUE } from './permission-catalogue.js';

/** Bounded contexts, each a module with its own index.ts contract; some run parts only in the worker role. */
const CONTEXT_MODULES = (config: AppConfig): NonNullable<ModuleMetadata['imports']> => [
  AuthModule.forRoot(PERMISSION_CATALOGUE),
  AuditModule.forRole(config.role),
  HospitalsModule.forRole(config.role),
  PatientsModule,
  PiiRotationModule.forRole(config.role),
];

export interface AppModuleOptions {
  /** Fixture modules mounted beside the real ones (tests). */
  readonly imports?: NonNullable<ModuleMetadata['imports']>;
  /** Where logs go instead of stdout (tests). */
  readonly logStream?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(options.logStream),
        MetricsModule,
        DatabaseModule,
        RedisModule,
        QueueModule,
        CqrsModule.forRoot(),
        EventsModule.forRole(config.role),
        HealthModule,
        ...CONTEXT_MODULES(config),
        ...(options.imports ?? []),
      ],
      providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}
