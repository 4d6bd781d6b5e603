import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@hms/ddd';
import type { TransactionContext } from '../../../infrastructure/database/transaction-context.js';
import { CannotGrantError, EmailTakenError, UnknownRoleError, WeakPasswordError } from '../domain/auth-errors.js';
import { type Grantor, ungrantable } from '../domain/grant-policy.js';
import { checkPassword } from '../domain/password-policy.js';
import { UserCreated } from '../domain/user-events.js';
import { PasswordHasher } from '../infrastructure/password-hasher.js';
import { RoleRepository } from '../infrastructure/role.repository.js';
import { UserRepository } from '../infrastructure/user.repository.js';
import { sqlStateOf } from '../../../infrastructure/database/sql-state.js';

export interface NewUserInput {
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
  readonly roles: readonly string[];
  readonly hospitalId?: string | null;
  readonly departmentId?: string | null;
  readonly profession?: string | null;
  readonly specialty?: string | null;
  readonly licenceNumber?: string | null;
}

/** A new account whose password passed the policy and was hashed, before any transaction opens. */
export interface HashedNewUser extends Omit<NewUserInput, 'password'> {
  readonly passwordHash: string;
}

/** `system` creates with any role (bootstrap, seed); a user only with roles whose permissions they hold. */
export type Granter = 'system' | Grantor;

/** Creating a staff account, shared by the admin API, the first-start bootstrap and the demo seed. */
@Injectable()
export class UserCreator {
  constructor(
    private readonly users: UserRepository,
    private readonly roles: RoleRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Checks the password against the policy and hashes it: outside the
   * transaction, which would otherwise hold a connection for the whole of
   * argon2's deliberately slow work.
   */
  async hashed(input: NewUserInput): Promise<HashedNewUser> {
    const problems = await checkPassword(input.password, input);
    if (problems.length) throw new WeakPasswordError(problems);
    const { password, ...rest } = input;
    return { ...rest, passwordHash: await this.hasher.hash(password) };
  }

  async create(tx: TransactionContext, input: HashedNewUser, granter: Granter, bootstrap = false): Promise<string> {
    const roles = await this.roles.findByNames(tx.manager, input.roles);
    const missing = input.roles.filter((name) => !roles.some((r) => r.name === name));
    if (missing.length) throw new UnknownRoleError(missing);
    if (granter !== 'system') {
      const refused = ungrantable(
        granter,
        roles.flatMap((r) => r.permissions),
      );
      if (refused.length) throw new CannotGrantError([...new Set(refused)]);
    }
    if (await this.users.findByEmail(tx.manager, input.email)) throw new EmailTakenError();

    const id = uuidv7();
    const user = {
      id,
      email: input.email,
      displayName: input.displayName,
      passwordHash: input.passwordHash,
      hospitalId: input.hospitalId ?? null,
      departmentId: input.departmentId ?? null,
      profession: input.profession ?? null,
      specialty: input.specialty ?? null,
      licenceNumber: input.licenceNumber ?? null,
    };
    try {
      await this.users.insert(tx.manager, user);
    } catch (error) {
      // A concurrent create with the same email got there first.
      if (sqlStateOf(error) === '23505') throw new EmailTakenError();
      throw error;
    }
    await this.users.setRoles(
      tx.manager,
      id,
      roles.map((r) => r.id),
    );
    tx.record(
      new UserCreated(id, {
        roles: roles.map((r) => r.name),
        hospitalId: user.hospitalId,
        departmentId: user.departmentId,
        profession: user.profession,
        bootstrap,
      }),
    );
    return id;
  }
}
