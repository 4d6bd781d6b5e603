import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module.js';
import { PeriodicTask } from '../../../infrastructure/scheduling/periodic-task.js';
import type { AppConfig } from '../../../config/app-config.js';
import { AuditChainMonitor } from './audit-chain-monitor.js';
import { AuditPartitions } from './audit-partitions.js';
import { AuditWriter } from './audit-writer.js';

const DAY_MS = 24 * 3600 * 1000;
/** Appends even when no job arrives (jobs lost with a Redis flush); jobs remain the normal wake-up. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The worker's audit housekeeping, each task started at boot and then on
 * its own interval: partitions for the coming months (daily), a sweep of
 * the outbox, and the scheduled chain verification (AUDIT_VERIFY_INTERVAL_SECONDS,
 * 0 disables it). A task still running when its next turn comes is not started twice.
 */
@Injectable()
export class AuditMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditMaintenance.name);
  private readonly tasks: PeriodicTask[] = [];

  constructor(
    private readonly partitions: AuditPartitions,
    private readonly writer: AuditWriter,
    private readonly monitor: AuditChainMonitor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.every('partitions', DAY_MS, () => this.partitions.ensureAhead());
    this.every('sweep', SWEEP_EVERY_MS, () => this.writer.appendPending());
    const verifySeconds = this.config.audit.verifyIntervalSeconds;
    if (verifySeconds > 0) this.every('verification', verifySeconds * 1000, () => this.monitor.verifyNow());
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.tasks.splice(0).map((task) => task.stop()));
  }

  private every(task: string, intervalMs: number, work: () => Promise<unknown>): void {
    const periodic = new PeriodicTask(work, (error) =>
      this.logger.warn({ err: error, task }, 'audit maintenance task failed; it runs again on its next turn'),
    );
    periodic.start(intervalMs);
    this.tasks.push(periodic);
  }
}
