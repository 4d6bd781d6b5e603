import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a session last served a request, so the idle timeout holds on every
 * request and not only at refresh (ADR 18). Written at most once per
 * interval per session, never on every request.
 */
export class AddSessionLastSeenAt1796599540107 implements MigrationInterface {
  name = 'AddSessionLastSeenAt1796599540107';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz`);
    await db.query(`UPDATE sessions SET last_seen_at = last_refreshed_at`);
    await db.query(`ALTER TABLE sessions ALTER COLUMN last_seen_at SET DEFAULT now(), ALTER COLUMN last_seen_at SET NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sessions DROP COLUMN last_seen_at`);
  }
}
