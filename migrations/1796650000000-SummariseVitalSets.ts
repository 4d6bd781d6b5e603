import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rewrites the summary and status of the sets `setIds` (a subquery) names, where they changed. */
const summarise = (setIds: string) => `
  UPDATE vital_sets s
     SET observations = o.observations, status = o.status
    FROM (SELECT o.set_id,
                 jsonb_agg(jsonb_build_object('id', o.id, 'code', o.code, 'value', o.value, 'unit', o.unit,
                                              'interpretation', o.interpretation, 'status', o.status,
                                              'derived', o.derived) ORDER BY o.code) AS observations,
                 -- A set is entered in error once every observation of it is.
                 CASE WHEN bool_or(o.status = 'final') THEN 'final' ELSE 'entered-in-error' END AS status
            FROM vital_observations o
           WHERE o.set_id IN ${setIds}
           GROUP BY o.set_id) o
   WHERE s.id = o.set_id
     AND (s.observations, s.status) IS DISTINCT FROM (o.observations, o.status)`;

/**
 * Each set of vitals keeps its observations' summary and its status on its
 * own row (ADR 36), so the timeline reads one row per set instead of
 * aggregating nine observations twice per entry. A statement trigger on
 * vital_observations rewrites both for every set a statement touched, so
 * they hold whatever writes the observations (recording, marking
 * entered-in-error, a merge's move, a key rotation).
 */
export class SummariseVitalSets1796650000000 implements MigrationInterface {
  name = 'SummariseVitalSets1796650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE vital_sets
        ADD COLUMN observations jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN status       text  NOT NULL DEFAULT 'final' CHECK (status IN ('final', 'entered-in-error'))`);
    await db.query(`
      CREATE FUNCTION vital_sets_summarise() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${summarise('(SELECT DISTINCT set_id FROM changed)')};
        RETURN NULL;
      END $$`);
    for (const op of ['INSERT', 'UPDATE']) {
      await db.query(`
        CREATE TRIGGER vital_sets_summarise_${op.toLowerCase()} AFTER ${op} ON vital_observations
          REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION vital_sets_summarise()`);
    }
    // The sets recorded before.
    await db.query(summarise('(SELECT id FROM vital_sets)'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER vital_sets_summarise_update ON vital_observations`);
    await db.query(`DROP TRIGGER vital_sets_summarise_insert ON vital_observations`);
    await db.query(`DROP FUNCTION vital_sets_summarise()`);
    await db.query(`ALTER TABLE vital_sets DROP COLUMN observations, DROP COLUMN status`);
  }
}
