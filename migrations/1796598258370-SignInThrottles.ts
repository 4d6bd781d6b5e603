import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttles and usual addresses (ADR 21). Accounts and addresses are keyed by HMACs
 * (the email's, as in LoginFailed, and the client address's), never stored in clear: an unknown
 * email is throttled exactly like a known one, and no table holds an IP address.
 */
export class SignInThrottles1796598258370 implements MigrationInterface {
  name = 'SignInThrottles1796598258370';

  async up(db: QueryRunner): Promise<void> {
    // Failed (or not yet settled) attempts on one account from one address.
    await db.query(`
      CREATE TABLE sign_in_failures (
        account_key     text        NOT NULL,
        address_key     text        NOT NULL,
        failures        integer     NOT NULL CHECK (failures >= 0),
        last_failure_at timestamptz NOT NULL,
        PRIMARY KEY (account_key, address_key)
      )`);
    await db.query(`CREATE INDEX sign_in_failures_last_idx ON sign_in_failures (last_failure_at)`);
    // Failed attempts from one address over every account.
    await db.query(`
      CREATE TABLE sign_in_address_failures (
        address_key     text        PRIMARY KEY,
        failures        integer     NOT NULL CHECK (failures >= 0),
        last_failure_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX sign_in_address_failures_last_idx ON sign_in_address_failures (last_failure_at)`);
    // Where each user signed in from, lately: the addresses failures elsewhere never block.
    await db.query(`
      CREATE TABLE user_sign_in_addresses (
        user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        address_key       text        NOT NULL,
        last_signed_in_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, address_key)
      )`);
    await db.query(`CREATE INDEX user_sign_in_addresses_last_idx ON user_sign_in_addresses (last_signed_in_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE user_sign_in_addresses`);
    await db.query(`DROP TABLE sign_in_address_failures`);
    await db.query(`DROP TABLE sign_in_failures`);
  }
}
