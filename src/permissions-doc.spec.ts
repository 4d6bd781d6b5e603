import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { renderPermissionsDoc } from './permissions-doc.js';

describe('docs/permissions.md', () => {
  it('is what the catalogue and the built-in roles in code generate (run npm run cli -- docs:permissions)', () => {
    expect(readFileSync('docs/permissions.md', 'utf8')).toBe(renderPermissionsDoc());
  });

  const matrixRow = (permission: string) =>
    renderPermissionsDoc()
      .split('\n')
      .filter((line) => line.startsWith(`| \`${permission}\` |`))
      .at(-1);

  it('marks every administrative permission for admin and only the matrix entries for others', () => {
    expect(matrixRow('audit:read')).toBe('| `audit:read` | ✓ |  |  |  |  |  |  | ✓ |  |  |');
  });

  it('gives admin no permission that opens patients’ records, and the records officer all of them (ADR 25)', () => {
    expect(matrixRow('patients:read')).toBe('| `patients:read` |  |  |  |  |  |  |  |  | ✓ |  |');
    expect(matrixRow('patients:merge')).toBe('| `patients:merge` |  |  |  |  |  |  |  |  | ✓ |  |');
    expect(matrixRow('patients:emergency-access')).toBe('| `patients:emergency-access` |  | ✓ | ✓ |  |  |  |  |  |  |  |');
  });
});
