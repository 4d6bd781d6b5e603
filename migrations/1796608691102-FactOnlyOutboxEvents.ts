import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fact-only events (ADR 26): written already published and dispatched, and
 * deleted by the audit writer in the transaction that chains them, so a
 * row's only index entries are its primary key, its event id and the
 * unaudited partial index. The check keeps such a row out of the relay's
 * reach whatever writes it. Only prunable rows (audited, kept for the
 * retention days) need their creation time indexed; fact-only rows never
 * are. Rows already in the outbox keep the lifecycle they were written for.
 */
export class FactOnlyOutboxEvents1796608691102 implements MigrationInterface {
  name = 'FactOnlyOutboxEvents1796608691102';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE outbox
        ADD COLUMN fact_only boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT outbox_fact_only_delivered_check
          CHECK (NOT fact_only OR (published_at IS NOT NULL AND dispatched_at IS NOT NULL))`);
    await db.query(`DROP INDEX outbox_created_at_idx`);
    await db.query(`CREATE INDEX outbox_prunable_created_at_idx ON outbox (created_at) WHERE audited_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outbox_prunable_created_at_idx`);
    await db.query(`CREATE INDEX outbox_created_at_idx ON outbox (created_at)`);
    // Unaudited fact-only rows stay: the writer of the previous version marks them audited and the prune removes them.
    await db.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_fact_only_delivered_check, DROP COLUMN fact_only`);
  }
}
