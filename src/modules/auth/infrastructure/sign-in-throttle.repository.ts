import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';
import type { ThrottleCount } from '../domain/lockout-policy.js';

export interface LockedCounts {
  readonly accountAddress: ThrottleCount;
  readonly address: ThrottleCount;
}

interface CountRow {
  failures: number;
  last_failure_at: Date;
}

const toCount = (row: CountRow): ThrottleCount => ({ failures: row.failures, lastFailureAt: row.last_failure_at });

/**
 * The sign-in throttles' counts (ADR 21), keyed by HMACs of the email and of the client address.
 * An attempt's counts are locked (account and address, then address, always in that order), so
 * parallel attempts from one address queue on the rows and none is lost.
 */
@Injectable()
export class SignInThrottleRepository {
  /** Locks both counts for the rest of the transaction, creating empty ones (0 failures) first. */
  async lock(db: EntityManager, accountKey: string, addressKey: string, now: Date): Promise<LockedCounts> {
    // Insert-if-missing, then lock: two attempts that both find no row cannot both start it at 1.
    await db.query(
      `INSERT INTO sign_in_failures (account_key, address_key, failures, last_failure_at) VALUES ($1, $2, 0, $3)
       ON CONFLICT DO NOTHING`,
      [accountKey, addressKey, now],
    );
    const [pair] = await db.query<CountRow[]>(
      `SELECT failures, last_failure_at FROM sign_in_failures WHERE account_key = $1 AND address_key = $2 FOR UPDATE`,
      [accountKey, addressKey],
    );
    await db.query(
      `INSERT INTO sign_in_address_failures (address_key, failures, last_failure_at) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`,
      [addressKey, now],
    );
    const [address] = await db.query<CountRow[]>(
      `SELECT failures, last_failure_at FROM sign_in_address_failures WHERE address_key = $1 FOR UPDATE`,
      [addressKey],
    );
    return { accountAddress: toCount(pair), address: toCount(address) };
  }

  /** Writes counts locked by `lock`; an omitted address count is left as it is. */
  async save(
    db: EntityManager,
    accountKey: string,
    addressKey: string,
    counts: { accountAddress: ThrottleCount; address?: ThrottleCount },
  ): Promise<void> {
    await db.query(
      `UPDATE sign_in_failures SET failures = $3, last_failure_at = $4 WHERE account_key = $1 AND address_key = $2`,
      [accountKey, addressKey, counts.accountAddress.failures, counts.accountAddress.lastFailureAt],
    );
    if (counts.address) {
      await db.query(`UPDATE sign_in_address_failures SET failures = $2, last_failure_at = $3 WHERE address_key = $1`, [
        addressKey,
        counts.address.failures,
        counts.address.lastFailureAt,
      ]);
    }
  }

  /**
   * A signed-in attempt was no failure: the account starts afresh from this address, and the
   * address gets back the one failure its attempt was counted as (when it was counted there).
   */
  async settleSuccess(db: EntityManager, accountKey: string, addressKey: string, addressCounted: boolean): Promise<void> {
    await db.query(`DELETE FROM sign_in_failures WHERE account_key = $1 AND address_key = $2`, [accountKey, addressKey]);
    if (addressCounted) {
      await db.query(`UPDATE sign_in_address_failures SET failures = GREATEST(failures - 1, 0) WHERE address_key = $1`, [
        addressKey,
      ]);
    }
  }

  /** Addresses with a failure on the account since `since` (the lockout window's start). */
  async distinctAddresses(db: EntityManager, accountKey: string, since: Date): Promise<number> {
    const [row] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM sign_in_failures WHERE account_key = $1 AND failures > 0 AND last_failure_at >= $2`,
      [accountKey, since],
    );
    return row.n;
  }

  /** An administrator's unlock: the account's failures from every address are forgotten. */
  async forgetAccount(db: EntityManager, accountKey: string): Promise<void> {
    await db.query(`DELETE FROM sign_in_failures WHERE account_key = $1`, [accountKey]);
  }

  /** Drops counts whose last failure is older than the given instants; returns how many rows went. */
  async prune(db: EntityManager, accountAddressBefore: Date, addressBefore: Date): Promise<number> {
    const [, pairs] = await db.query<UpdateResult<never>>(`DELETE FROM sign_in_failures WHERE last_failure_at < $1`, [
      accountAddressBefore,
    ]);
    const [, addresses] = await db.query<UpdateResult<never>>(`DELETE FROM sign_in_address_failures WHERE last_failure_at < $1`, [
      addressBefore,
    ]);
    return pairs + addresses;
  }
}
