import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { PeriodicTask } from '../scheduling/periodic-task.js';
import { ObjectStorage } from './object-storage.js';

const DAY_MS = 24 * 3600 * 1000;
/** How often the worker looks for files past their retention. */
const SWEEP_EVERY_MS = 3600 * 1000;

/**
 * The worker's cleanup of stored files (ADR 37): at boot and then hourly,
 * every object stored more than STORAGE_RETENTION_DAYS ago is removed; 0
 * keeps them forever. Deleting is idempotent, so two workers may both run it.
 */
@Injectable()
export class StorageRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StorageRetention.name);
  private readonly task = new PeriodicTask(
    () => this.sweep(new Date()),
    (error) => this.logger.warn({ err: error }, 'stored files cleanup failed; it runs again next hour'),
  );

  constructor(
    private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.storage.retentionDays > 0) this.task.start(SWEEP_EVERY_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Removes what was stored more than the retention before `now`; answers how many objects. */
  async sweep(now: Date): Promise<number> {
    const days = this.config.storage.retentionDays;
    if (days === 0) return 0;
    const deleted = await this.storage.deleteStoredBefore('', new Date(now.getTime() - days * DAY_MS));
    if (deleted > 0) this.logger.log({ deleted, retentionDays: days }, 'stored files past their retention removed');
    return deleted;
  }
}
