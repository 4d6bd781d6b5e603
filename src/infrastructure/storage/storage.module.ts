import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig, AppRole } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { LocalObjectStorage } from './local-object-storage.js';
import { ObjectStorage } from './object-storage.js';
import { S3ObjectStorage } from './s3-object-storage.js';
import { StorageRetention } from './storage-retention.js';

/** The configured driver (ADR 37). */
export function objectStorageFor(config: AppConfig['storage']): ObjectStorage {
  if (config.driver === 's3') {
    if (!config.s3) throw new Error('storage: the s3 driver has no settings');
    return new S3ObjectStorage(config.s3);
  }
  return new LocalObjectStorage(config.localDir);
}

const STORAGE_PROVIDER = {
  provide: ObjectStorage,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => objectStorageFor(config.storage),
};

/** ObjectStorage for every context, the driver chosen by STORAGE_DRIVER; a worker also runs the retention cleanup. */
@Global()
@Module({})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(ObjectStorage) private readonly storage: ObjectStorage) {}

  static forRole(role: AppRole): DynamicModule {
    return {
      module: StorageModule,
      providers: [STORAGE_PROVIDER, ...(role === 'api' ? [] : [StorageRetention])],
      exports: [ObjectStorage],
    };
  }

  onApplicationShutdown(): void {
    if (this.storage instanceof S3ObjectStorage) this.storage.close();
  }
}
