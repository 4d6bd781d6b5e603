// `npm run migration:generate -- <Name>`: diffs the ORM entities (built into dist/) against the
// database in DATABASE_URL, writes migrations/<timestamp>-<Name>.ts and registers it in migrations/index.ts.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  process.stderr.write('usage: npm run migration:generate -- <PascalCaseName>\n');
  process.exit(2);
}
const before = new Set(readdirSync('migrations'));
try {
  execFileSync(
    process.execPath,
    [
      'node_modules/typeorm/cli.js',
      'migration:generate',
      '-d',
      'dist/src/infrastructure/database/cli-data-source.js',
      '--pretty',
      `migrations/${name}`,
    ],
    { stdio: 'inherit' },
  );
} catch (error) {
  // TypeORM has already said why (e.g. no schema changes).
  process.exit(error.status ?? 1);
}
const created = readdirSync('migrations').find((file) => !before.has(file) && file.endsWith('.ts'));
if (!created) process.exit(1);
const className = /export class (\w+)/.exec(readFileSync(`migrations/${created}`, 'utf8'))?.[1];
const index = readFileSync('migrations/index.ts', 'utf8')
  .replace(/(\nexport const migrations = \[)/, `import { ${className} } from './${created.replace(/\.ts$/, '.js')}';\n$1`)
  .replace(/\];\s*$/, `, ${className}];\n`);
writeFileSync('migrations/index.ts', index);
process.stdout.write(`registered ${className} in migrations/index.ts; review the SQL before committing\n`);
