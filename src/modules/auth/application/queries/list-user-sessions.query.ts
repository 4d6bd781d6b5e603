import { Query } from '@nestjs/cqrs';
import type { AppAbility } from '@hms/authz';
import type { Actor } from '@hms/ddd';

export interface SessionView {
  readonly id: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastRefreshedAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export class ListUserSessions extends Query<SessionView[]> {
  constructor(
    readonly userId: string,
    readonly ability: AppAbility,
    readonly actor: Actor,
  ) {
    super();
  }
}
