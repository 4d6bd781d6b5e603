import { describe, expect, it } from '@jest/globals';
import { registerMigration, scaffoldMigration } from './migration-scaffold.js';

const INDEX = `// Every migration, in order.
import { CreateA1 } from './1-CreateA.js';
import { CreateB2 } from './2-CreateB.js';

export const migrations = [
  CreateA1,
  CreateB2,
];
`;

describe('scaffoldMigration', () => {
  it('names the file and class after the time, so they sort in creation order', () => {
    const m = scaffoldMigration('CreateEncounters', new Date(1_800_000_000_000));
    expect(m.fileName).toBe('1800000000000-CreateEncounters.ts');
    expect(m.className).toBe('CreateEncounters1800000000000');
    expect(m.text).toContain('export class CreateEncounters1800000000000 implements MigrationInterface');
    expect(m.text).toContain("name = 'CreateEncounters1800000000000';");
    expect(m.text).toMatch(/async up\(db: QueryRunner\)[\s\S]*async down\(db: QueryRunner\)/);
  });

  it.each(['createEncounters', 'Create-Encounters', 'Ab', '', 'Create Encounters'])('refuses the name %p', (name) => {
    expect(() => scaffoldMigration(name, new Date())).toThrow(/PascalCase/);
  });
});

describe('registerMigration', () => {
  it('imports the new migration and appends it last', () => {
    const m = scaffoldMigration('CreateC', new Date(3));
    expect(registerMigration(INDEX, m)).toBe(`// Every migration, in order.
import { CreateA1 } from './1-CreateA.js';
import { CreateB2 } from './2-CreateB.js';
import { CreateC3 } from './3-CreateC.js';

export const migrations = [
  CreateA1,
  CreateB2,
  CreateC3,
];
`);
  });

  it('refuses an index without the migrations list', () => {
    expect(() => registerMigration('export const other = [];\n', scaffoldMigration('CreateC', new Date(3)))).toThrow(
      /migrations/,
    );
  });
});
