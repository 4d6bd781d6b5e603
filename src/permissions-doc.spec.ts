import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { renderPermissionsDoc } from './permissions-doc.js';

describe('docs/permissions.md', () => {
  it('is what the catalogue and the built-in roles in code generate (run npm run cli -- docs:permissions)', () => {
    expect(readFileSync('docs/permissions.md', 'utf8')).toBe(renderPermissionsDoc());
  });

  it('marks every permission for admin and only the matrix entries for others', () => {
    const doc = renderPermissionsDoc();
    const row = doc
      .split('\n')
      .filter((line) => line.startsWith('| `audit:read` |'))
      .at(-1);
    expect(row).toBe('| `audit:read` | ✓ |  |  |  |  |  |  | ✓ |');
  });
});
