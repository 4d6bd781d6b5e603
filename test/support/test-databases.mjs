// Names shared by the global setup (plain Node) and the e2e helpers (through Jest).
export const PG_SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const MAINTENANCE_URL = `${PG_SERVER}/postgres`;
/** Per-file databases carry this prefix and their creation time, so a crashed run's leftovers can be dropped. */
export const FILE_DATABASE_PREFIX = 'hms_test_f_';
const TEMPLATE_PREFIX = 'hms_test_template_';
/** Leftovers older than this belong to no running test run. */
const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

/** Each run migrates its own template, so two runs on one machine never drop each other's databases. */
export function newTemplateName() {
  return `${TEMPLATE_PREFIX}${Date.now().toString(36)}_${process.pid}`;
}

/** The template of the current run, published by the global setup to the test workers. */
export function currentTemplateName() {
  const name = process.env.HMS_TEST_TEMPLATE;
  if (!name) throw new Error('HMS_TEST_TEMPLATE is not set: run e2e tests through `npm test`');
  return name;
}

/** True for a per-file or template database created more than two hours ago. */
export function isStaleTestDatabase(name, now = Date.now()) {
  const prefix = [FILE_DATABASE_PREFIX, TEMPLATE_PREFIX].find((p) => name.startsWith(p));
  if (!prefix) return false;
  const created = parseInt(name.slice(prefix.length).split('_')[0], 36);
  return Number.isFinite(created) && now - created > STALE_AFTER_MS;
}
