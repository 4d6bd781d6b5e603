import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { UserView } from '../user-view.js';

/** Fields an administrator may change; undefined leaves a field as it is, null clears it. */
export interface UserChanges {
  readonly displayName?: string;
  readonly hospitalId?: string | null;
  readonly departmentId?: string | null;
  readonly profession?: string | null;
  readonly specialty?: string | null;
  readonly licenceNumber?: string | null;
}

export class UpdateUser extends Command<UserView> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    /** The version the client read (If-Match); undefined when it sent none. */
    readonly expectedVersion: number | undefined,
    readonly changes: UserChanges,
  ) {
    super();
  }
}
