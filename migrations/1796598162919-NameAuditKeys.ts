import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each audit entry names the key its hash is made with, so the key can
 * rotate (ADR 7). Rows already stored keep key_id NULL: they are never
 * rewritten (the store is append-only), and a null key id means the key
 * AUDIT_HMAC_KEY held, which the configuration now reads as key k0. Adding a
 * column without a default only changes the catalogue: no row is rewritten
 * and no UPDATE trigger fires. Partitions attached now or later get the
 * column from the parent; a month detached earlier does not, and its
 * verification reads its entries as keyless.
 *
 * New entries also hold their session's reference (actor.sessionRef) instead of
 * the session id; the index serves the auditors' sessionRef filter.
 */
export class NameAuditKeys1796598162919 implements MigrationInterface {
  name = 'NameAuditKeys1796598162919';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_events ADD COLUMN key_id text`);
    await db.query(
      `CREATE INDEX audit_events_session_ref_idx ON audit_events ((actor->>'sessionRef'), occurred_at)
        WHERE (actor->>'sessionRef') IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    // The hash of an entry that names its key covers the id: dropping the column would leave it unverifiable.
    const [{ named }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM audit_events WHERE key_id IS NOT NULL) AS named`)) as {
      named: boolean;
    }[];
    if (named) {
      throw new Error('audit entries name their key: dropping audit_events.key_id would make them unverifiable');
    }
    await db.query(`DROP INDEX audit_events_session_ref_idx`);
    await db.query(`ALTER TABLE audit_events DROP COLUMN key_id`);
  }
}
