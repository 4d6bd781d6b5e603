import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AccessDenied, type AppAbility } from '@hms/authz';
import { type Actor, NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';

/**
 * The per-record half of "authorization is checked twice": a user outside
 * the caller's read scope answers 404, like a missing one, and the attempt
 * is audited. The same condition filters GET /users in SQL (abilityToSql).
 */
@Injectable()
export class UserReadScope {
  constructor(private readonly uow: UnitOfWork) {}

  async assertReadable(
    ability: AppAbility,
    actor: Actor,
    user: { readonly id: string; readonly hospital_id: string | null },
  ): Promise<void> {
    const target = { id: user.id, linkedUserIds: [], departmentIds: [], hospitalIds: user.hospital_id ? [user.hospital_id] : [] };
    if (ability.can('read', subject('users', target))) return;
    // Its own transaction: the refusal must be audited although the request fails.
    await this.uow.record(
      actor,
      new AccessDenied({
        userId: actor.id,
        reason: 'out-of-scope',
        permission: 'users:read',
        resourceType: 'User',
        resourceId: user.id,
      }),
    );
    throw new NotFoundError('User', user.id);
  }
}
