// Names shared by the global setup (plain Node) and the e2e helpers (through Jest).
export const PG_SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const MAINTENANCE_URL = `${PG_SERVER}/postgres`;
export const TEMPLATE_DATABASE = 'hms_test_template';
export const TEMPLATE_URL = `${PG_SERVER}/${TEMPLATE_DATABASE}`;
/** Per-file databases carry this prefix, so a crashed run's leftovers can be found and dropped. */
export const FILE_DATABASE_PREFIX = 'hms_test_f_';
