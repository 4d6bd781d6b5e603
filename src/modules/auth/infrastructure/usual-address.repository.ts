import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';

/**
 * The addresses (HMAC keys, ADR 21) each user signed in from, and when they last did: an
 * address used lately is usual, and failures from elsewhere never keep the user out of it.
 */
@Injectable()
export class UsualAddressRepository {
  async isUsual(db: EntityManager, userId: string, addressKey: string, since: Date): Promise<boolean> {
    const rows = await db.query<unknown[]>(
      `SELECT 1 FROM user_sign_in_addresses WHERE user_id = $1 AND address_key = $2 AND last_signed_in_at >= $3`,
      [userId, addressKey, since],
    );
    return rows.length > 0;
  }

  async remember(db: EntityManager, userId: string, addressKey: string, at: Date): Promise<void> {
    await db.query(
      `INSERT INTO user_sign_in_addresses (user_id, address_key, last_signed_in_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, address_key) DO UPDATE SET last_signed_in_at = GREATEST(user_sign_in_addresses.last_signed_in_at, EXCLUDED.last_signed_in_at)`,
      [userId, addressKey, at],
    );
  }

  /** Forgets addresses not signed in from since `before`; returns how many went. */
  async prune(db: EntityManager, before: Date): Promise<number> {
    const [, count] = await db.query<UpdateResult<never>>(`DELETE FROM user_sign_in_addresses WHERE last_signed_in_at < $1`, [
      before,
    ]);
    return count;
  }
}
