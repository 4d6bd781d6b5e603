import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutboxAndInbox1763800000000 implements MigrationInterface {
  name = 'CreateOutboxAndInbox1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id          uuid        NOT NULL UNIQUE,
        type              text        NOT NULL,
        aggregate_type    text        NOT NULL,
        aggregate_id      text        NOT NULL,
        aggregate_version integer     NOT NULL CHECK (aggregate_version >= 0),
        occurred_at       timestamptz NOT NULL,
        actor             jsonb       NOT NULL,
        correlation_id    text        NOT NULL,
        payload           jsonb       NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        published_at      timestamptz,
        dispatched_at     timestamptz,
        dispatch_attempts integer     NOT NULL DEFAULT 0,
        last_error        text
      )`);
    // The relay scans only what is still to publish; the dispatcher checks predecessors per aggregate.
    await db.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    await db.query(
      `CREATE INDEX outbox_undispatched_aggregate_idx ON outbox (aggregate_type, aggregate_id, id) WHERE dispatched_at IS NULL`,
    );
    await db.query(`CREATE INDEX outbox_created_at_idx ON outbox (created_at)`);
    await db.query(`
      CREATE TABLE inbox (
        event_id     uuid        NOT NULL,
        handler      text        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, handler)
      )`);
    await db.query(`CREATE INDEX inbox_processed_at_idx ON inbox (processed_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE inbox`);
    await db.query(`DROP TABLE outbox`);
  }
}
