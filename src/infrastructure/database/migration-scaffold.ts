/**
 * `npm run migration:create -- <Name>`: migrations are reviewed SQL written by hand (repositories,
 * not ORM entities, own the tables), so the tool only lays out the file and registers it in order.
 */
export interface ScaffoldedMigration {
  readonly fileName: string;
  readonly className: string;
  readonly text: string;
}

const NAME = /^[A-Z][A-Za-z0-9]{2,80}$/;

export function scaffoldMigration(name: string, now: Date): ScaffoldedMigration {
  if (!NAME.test(name)) throw new RangeError('name the migration in PascalCase, e.g. CreateEncounters');
  const timestamp = now.getTime();
  const className = `${name}${timestamp}`;
  const text = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(db: QueryRunner): Promise<void> {
    await db.query(\`\`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(\`\`);
  }
}
`;
  return { fileName: `${timestamp}-${name}.ts`, className, text };
}

/** migrations/index.ts with the new migration imported and appended last (migrations run in list order). */
export function registerMigration(indexText: string, migration: ScaffoldedMigration): string {
  const list = /\nexport const migrations = \[\n([\s\S]*?)\];\s*$/.exec(indexText);
  if (!list) throw new Error('migrations/index.ts has no `export const migrations = [...]` list at its end');
  const importLine = `import { ${migration.className} } from './${migration.fileName.replace(/\.ts$/, '.js')}';\n`;
  const head = indexText.slice(0, list.index);
  return `${head}${importLine}\nexport const migrations = [\n${list[1]}  ${migration.className},\n];\n`;
}
