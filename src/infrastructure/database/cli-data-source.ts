import 'reflect-metadata';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/app-config.js';
import { buildDataSourceOptions } from './data-source-options.js';

const here = dirname(fileURLToPath(import.meta.url));

/** For the TypeORM CLI (migration:generate): the app's connection plus every ORM entity of the build. */
export default new DataSource({
  ...buildDataSourceOptions(loadConfig(), 'hms-typeorm-cli'),
  entities: [join(here, '../../modules/*/infrastructure/*.orm-entity.js')],
});
