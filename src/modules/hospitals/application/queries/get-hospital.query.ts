import { Query } from '@nestjs/cqrs';
import type { HospitalView } from '../hospital-view.js';

export class GetHospital extends Query<HospitalView> {
  /**
   * `hold`: the caller is about to store a reference to this hospital, so the
   * row is locked (FOR KEY SHARE) until the caller's unit of work ends; a
   * batch deletion waits for that commit and then sees the reference, or
   * else deletes first and this query finds no hospital. Only meaningful
   * inside a unit of work, and refused outside one.
   */
  constructor(
    readonly hospitalId: string,
    readonly hold = false,
  ) {
    super();
  }
}
