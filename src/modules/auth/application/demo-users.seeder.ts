import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { systemActor } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { DemoSeeder, type Seeder } from '../../../infrastructure/seeding/seeder.js';
import { BUILT_IN_ROLES } from '../domain/built-in-roles.js';
import { UserRepository } from '../infrastructure/user.repository.js';
import { UserCreator } from './user-creator.js';

/** For local use only (`npm run seed` refuses production): printed so developers can sign in. */
export const DEMO_PASSWORD = 'demo passphrase for local use';

/** The demo account of a built-in role: <role>@hms.local. */
export function demoUserOf(role: string): { email: string; displayName: string } {
  return { email: `${role.replace(/_/g, '.')}@hms.local`, displayName: `Demo ${role.replace(/_/g, ' ')}` };
}

/** One demo user per built-in role. */
@Injectable()
@DemoSeeder(20)
export class DemoUsersSeeder implements Seeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly creator: UserCreator,
  ) {}

  async seed(): Promise<string> {
    const created: string[] = [];
    for (const role of Object.keys(BUILT_IN_ROLES)) {
      const { email, displayName } = demoUserOf(role);
      if (await this.users.findByEmail(this.dataSource.manager, email)) continue;
      const user = await this.creator.hashed({
        email,
        displayName,
        password: DEMO_PASSWORD,
        roles: [role],
      });
      await this.uow.run(systemActor('seed'), (tx) => this.creator.create(tx, user, 'system'));
      created.push(email);
    }
    return created.length ? `created ${created.join(', ')} (password: "${DEMO_PASSWORD}")` : 'demo users already exist';
  }
}
