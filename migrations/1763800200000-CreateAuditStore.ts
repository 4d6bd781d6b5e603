import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Statements refused on every audit table; the trigger names match the ones created below. */
const APPEND_ONLY_TABLES = ['audit_event_ids', 'audit_aggregate_versions', 'audit_archived_partitions'];

/**
 * The audit store (ADR 7): every outbox event, appended once, hash-chained,
 * partitioned by month of occurrence, and refused UPDATE, DELETE and TRUNCATE
 * by triggers. The outbox keeps each row until it is audited.
 */
export class CreateAuditStore1763800200000 implements MigrationInterface {
  name = 'CreateAuditStore1763800200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox ADD COLUMN audited_at timestamptz`);
    // The audit writer scans only what is still to append.
    await db.query(`CREATE INDEX outbox_unaudited_idx ON outbox (id) WHERE audited_at IS NULL`);

    await db.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit store is append-only: % on % is refused', TG_OP, TG_TABLE_NAME;
      END $$`);

    // The chain head: one row, locked FOR UPDATE by the writer, so only one writer extends the chain at a time.
    await db.query(`
      CREATE TABLE audit_chain_head (
        id            smallint    PRIMARY KEY CHECK (id = 1),
        last_sequence bigint      NOT NULL CHECK (last_sequence >= 0),
        last_hash     bytea       NOT NULL CHECK (length(last_hash) = 32),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`INSERT INTO audit_chain_head (id, last_sequence, last_hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'))`);
    await db.query(`
      CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id <> OLD.id OR NEW.last_sequence < OLD.last_sequence THEN
          RAISE EXCEPTION 'the audit chain head only moves forward';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()`,
    );
    await db.query(
      `CREATE TRIGGER audit_chain_head_append_only BEFORE DELETE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
    );
    await db.query(
      `CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
    );

    await db.query(`
      CREATE TABLE audit_events (
        sequence          bigint      NOT NULL CHECK (sequence > 0),
        event_id          uuid        NOT NULL,
        type              text        NOT NULL,
        occurred_at       timestamptz NOT NULL,
        recorded_at       timestamptz NOT NULL,
        actor             jsonb       NOT NULL,
        actor_id          text,
        action            text        NOT NULL,
        outcome           text        NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
        resource_type     text        NOT NULL,
        resource_id       text        NOT NULL,
        aggregate_version integer     NOT NULL,
        patient_id        text,
        hospital_id       text,
        department_id     text,
        correlation_id    text        NOT NULL,
        reason            text,
        change            jsonb       NOT NULL,
        prev_hash         bytea       NOT NULL CHECK (length(prev_hash) = 32),
        hash              bytea       NOT NULL CHECK (length(hash) = 32)
      ) PARTITION BY RANGE (occurred_at)`);
    // Declared on the parent, so every partition (and the default one) gets them.
    await db.query(`CREATE INDEX audit_events_sequence_idx ON audit_events (sequence)`);
    await db.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, occurred_at)`);
    await db.query(
      `CREATE INDEX audit_events_patient_idx ON audit_events (patient_id, occurred_at) WHERE patient_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id, sequence)`);
    await db.query(`CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at)`);
    await db.query(`CREATE INDEX audit_events_correlation_idx ON audit_events (correlation_id)`);
    // A row trigger on the parent is cloned onto every partition; statement triggers are not, so each
    // partition gets its own TRUNCATE trigger where it is created.
    await db.query(
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
    );
    await db.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
    );
    // Rows whose month has no partition (a worker down for months, a skewed clock) land here: nothing is refused.
    await db.query(`CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT`);
    await db.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events_default FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
    );

    await db.query(`
      CREATE FUNCTION audit_create_partition(month_start date) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        first_day date := date_trunc('month', month_start)::date;
        part_name text := format('audit_events_y%sm%s', to_char(first_day, 'YYYY'), to_char(first_day, 'MM'));
      BEGIN
        IF to_regclass(part_name) IS NULL THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)', part_name,
            first_day::timestamp AT TIME ZONE 'UTC', (first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC');
          EXECUTE format('CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()', part_name);
        END IF;
        RETURN part_name;
      END $$`);
    await db.query(`
      CREATE FUNCTION audit_ensure_partitions(months_ahead integer) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        this_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
      BEGIN
        -- Two workers starting together would race on CREATE TABLE.
        PERFORM pg_advisory_xact_lock(7211003);
        FOR i IN 0..months_ahead LOOP
          BEGIN
            PERFORM audit_create_partition((this_month + make_interval(months => i))::date);
          EXCEPTION WHEN check_violation THEN
            RAISE WARNING 'no audit partition for %: the default partition already holds rows of that month',
              to_char(this_month + make_interval(months => i), 'YYYY-MM');
          END;
        END LOOP;
      END $$`);
    // Months still in the outbox (events from before this migration), then this month and the next three.
    await db.query(`
      SELECT audit_create_partition(m::date)
        FROM generate_series(date_trunc('month', (SELECT min(occurred_at) FROM outbox) AT TIME ZONE 'UTC'),
                             date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month', interval '1 month') AS m`);
    await db.query(`SELECT audit_ensure_partitions(3)`);

    // Global uniqueness a partitioned table cannot enforce without the partition key.
    await db.query(`
      CREATE TABLE audit_event_ids (
        event_id uuid   PRIMARY KEY,
        sequence bigint NOT NULL UNIQUE
      )`);
    // The event-store rule: one event per version of an aggregate (version 0 marks facts that version nothing).
    await db.query(`
      CREATE TABLE audit_aggregate_versions (
        aggregate_type    text    NOT NULL,
        aggregate_id      text    NOT NULL,
        aggregate_version integer NOT NULL CHECK (aggregate_version > 0),
        sequence          bigint  NOT NULL,
        PRIMARY KEY (aggregate_type, aggregate_id, aggregate_version)
      )`);
    // Where the chain continues across a detached (archived) partition: one row per contiguous run of its sequences.
    await db.query(`
      CREATE TABLE audit_archived_partitions (
        first_sequence  bigint      PRIMARY KEY,
        last_sequence   bigint      NOT NULL CHECK (last_sequence >= first_sequence),
        partition_name  text        NOT NULL,
        first_prev_hash bytea       NOT NULL,
        last_hash       bytea       NOT NULL,
        archived_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX audit_archived_partitions_name_idx ON audit_archived_partitions (partition_name)`);
    for (const table of APPEND_ONLY_TABLES) {
      await db.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
      );
      await db.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
      );
    }

    // Archiving a past month: record how the chain runs through it, detach it, keep it append-only until it is dumped.
    await db.query(`
      CREATE FUNCTION audit_archive_partition(part_name text) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        runs integer;
        month_end timestamptz;
      BEGIN
        IF part_name !~ '^audit_events_y[0-9]{4}m[0-9]{2}$' OR NOT EXISTS (
            SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'audit_events'::regclass AND c.relname = part_name) THEN
          RAISE EXCEPTION '% is not a monthly partition of audit_events', part_name;
        END IF;
        month_end := (to_date(substr(part_name, 15, 4) || substr(part_name, 20, 2), 'YYYYMM') + interval '1 month')::timestamp
          AT TIME ZONE 'UTC';
        IF month_end > date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' THEN
          RAISE EXCEPTION 'only months that are over can be archived';
        END IF;
        -- No writer appends while the runs are read.
        PERFORM 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE;
        EXECUTE format(
          'INSERT INTO audit_archived_partitions (first_sequence, last_sequence, partition_name, first_prev_hash, last_hash)
           SELECT min(sequence), max(sequence), %L, (array_agg(prev_hash ORDER BY sequence))[1],
                  (array_agg(hash ORDER BY sequence DESC))[1]
             FROM (SELECT sequence, prev_hash, hash, sequence - row_number() OVER (ORDER BY sequence) AS run FROM %I) s
            GROUP BY run', part_name, part_name);
        GET DIAGNOSTICS runs = ROW_COUNT;
        EXECUTE format('ALTER TABLE audit_events DETACH PARTITION %I', part_name);
        -- Detaching drops the cloned row trigger; the archived table stays append-only until it is dumped and dropped.
        EXECUTE format('CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON %I '
          'FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()', part_name);
        RETURN runs;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION audit_archive_partition(text)`);
    await db.query(`DROP FUNCTION audit_ensure_partitions(integer)`);
    await db.query(`DROP FUNCTION audit_create_partition(date)`);
    for (const table of [
      'audit_archived_partitions',
      'audit_aggregate_versions',
      'audit_event_ids',
      'audit_events',
      'audit_chain_head',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`DROP FUNCTION audit_head_forward_only()`);
    await db.query(`DROP FUNCTION audit_refuse_change()`);
    await db.query(`DROP INDEX outbox_unaudited_idx`);
    await db.query(`ALTER TABLE outbox DROP COLUMN audited_at`);
  }
}
