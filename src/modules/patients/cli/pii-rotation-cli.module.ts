import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '../../../config/app-config.js';
import { ConfigModule } from '../../../config/config.module.js';
import type { EncryptedTextTable } from '../../../infrastructure/context/context-descriptor.js';
import { DatabaseModule } from '../../../infrastructure/database/database.module.js';
import { PiiRotationModule } from '../pii-rotation.module.js';

/**
 * What `pii:rotate` needs of the application: configuration, PostgreSQL,
 * the command and query buses and the rotation handlers in their api-role
 * form (no queue, no consumers). The worker processes pick the rotation up
 * through the outbox.
 */
@Module({})
export class PiiRotationCliModule {
  static forRoot(config: AppConfig, encryptedTexts: readonly EncryptedTextTable[] = []): DynamicModule {
    return {
      module: PiiRotationCliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        CqrsModule.forRoot(),
        PiiRotationModule.forRole('api', encryptedTexts),
      ],
    };
  }
}
