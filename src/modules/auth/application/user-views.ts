import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import { UserRepository } from '../infrastructure/user.repository.js';
import { toUserView, type UserView } from './user-view.js';

/** Reads the view a command answers with, inside its transaction so it shows the command's own writes. */
@Injectable()
export class UserViews {
  constructor(private readonly users: UserRepository) {}

  async load(db: EntityManager, userId: string): Promise<UserView> {
    const row = await this.users.findWithRoles(db, userId);
    if (!row) throw new NotFoundError('User', userId);
    return toUserView(row);
  }
}
