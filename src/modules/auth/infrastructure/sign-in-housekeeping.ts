import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module.js';
import { PeriodicTask } from '../../../infrastructure/scheduling/periodic-task.js';
import type { AppConfig } from '../../../config/app-config.js';
import { SignInThrottleRepository } from './sign-in-throttle.repository.js';
import { UsualAddressRepository } from './usual-address.repository.js';

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * The worker drops sign-in counts nothing reads any more: throttle counts quiet for longer than
 * they are remembered (and than the lockout window, which counts addresses from them), and
 * addresses no longer usual. Without it, a spray from many addresses would grow the tables for good.
 */
@Injectable()
export class SignInHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SignInHousekeeping.name);
  private readonly task = new PeriodicTask(
    () => this.prune(),
    (error) => this.logger.warn({ err: error }, 'could not prune sign-in counts; trying again later'),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly throttles: SignInThrottleRepository,
    private readonly usualAddresses: UsualAddressRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(PRUNE_EVERY_MS, { runNow: false });
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Deletes what is past its use as of `now`; returns how many rows went. */
  async prune(now = new Date()): Promise<number> {
    const { signInThrottle, lockout } = this.config.auth;
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
    const manager = this.dataSource.manager;
    const counts = await this.throttles.prune(
      manager,
      ago(Math.max(signInThrottle.forgetAfterSeconds, lockout.windowSeconds)),
      ago(signInThrottle.forgetAfterSeconds),
    );
    const addresses = await this.usualAddresses.prune(manager, ago(signInThrottle.usualAddressDays * 86_400));
    return counts + addresses;
  }
}
