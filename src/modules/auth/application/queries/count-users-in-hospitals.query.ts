import { Query } from '@nestjs/cqrs';

/**
 * How many staff accounts (any status) are placed in one of these hospitals.
 * Part of the auth context's public contract: the hospitals context asks it
 * before deleting hospitals, instead of reading the users table itself.
 */
export class CountUsersInHospitals extends Query<number> {
  constructor(readonly hospitalIds: readonly string[]) {
    super();
  }
}
