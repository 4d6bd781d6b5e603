import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { changedKeys } from '../../domain/change-set.js';
import { UserUpdated } from '../../domain/user-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import type { UserView } from '../user-view.js';
import { UserViews } from '../user-views.js';
import { type UserChanges, UpdateUser } from './update-user.command.js';

const COLUMNS: Record<keyof UserChanges, string> = {
  displayName: 'display_name',
  hospitalId: 'hospital_id',
  departmentId: 'department_id',
  profession: 'profession',
  specialty: 'specialty',
  licenceNumber: 'licence_number',
};

/** Profile and placement of an account; a new hospital or department changes the user's scope at once. */
@CommandHandler(UpdateUser)
export class UpdateUserHandler implements ICommandHandler<UpdateUser, UserView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly views: UserViews,
    private readonly authState: AuthStateStore,
  ) {}

  async execute({ actor, userId, expectedVersion, changes }: UpdateUser): Promise<UserView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    const { view, changed } = await this.uow.run(actor, async (tx) => {
      const user = await this.users.findById(tx.manager, userId, true);
      if (!user) throw new NotFoundError('User', userId);
      if (user.version !== expectedVersion) throw new VersionMismatchError('User', expectedVersion, user.version);
      const current: Required<UserChanges> = {
        displayName: user.display_name,
        hospitalId: user.hospital_id,
        departmentId: user.department_id,
        profession: user.profession,
        specialty: user.specialty,
        licenceNumber: user.licence_number,
      };
      const fields = changedKeys(current, changes);
      if (fields.length > 0) {
        const version = await this.users.update(
          tx.manager,
          userId,
          Object.fromEntries(fields.map((f) => [COLUMNS[f], changes[f]])),
        );
        // Field names only: the values are personal data.
        tx.record(new UserUpdated(userId, version, fields));
      }
      return { view: await this.views.load(tx.manager, userId), changed: fields.length > 0 };
    });
    if (changed) await this.authState.forgetUsers([userId]);
    return view;
  }
}
