import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { systemActor } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { ADMIN_ROLE } from '../domain/built-in-roles.js';
import { UserRepository } from '../infrastructure/user.repository.js';
import { UserCreator } from './user-creator.js';

const BOOTSTRAP_LOCK_KEY = 7_211_101;

/**
 * On a first start with no users, creates the administrator named by
 * BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD. Replicas starting
 * together create it once (advisory lock). A weak password stops start-up.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly creator: UserCreator,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.bootstrapAdmin;
    if ((await this.users.count(this.dataSource.manager)) > 0) return;
    if (!admin) {
      this.logger.warn(
        'No users exist yet: set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD (or run npm run seed locally)',
      );
      return;
    }
    const user = await this.creator.hashed({
      email: admin.email,
      displayName: 'Administrator',
      password: admin.password,
      roles: [ADMIN_ROLE],
    });
    await this.uow.run(systemActor('bootstrap'), async (tx) => {
      await tx.manager.query(`SELECT pg_advisory_xact_lock($1)`, [BOOTSTRAP_LOCK_KEY]);
      if ((await this.users.count(tx.manager)) > 0) return;
      await this.creator.create(tx, user, 'system', true);
      this.logger.log('Created the first administrator from BOOTSTRAP_ADMIN_EMAIL');
    });
  }
}
