import { describe, expect, it } from '@jest/globals';
import { covers, expandCatalogue, formatPermission, parsePermission } from './permission.js';

describe('permissions', () => {
  it('parses resource:action[:scope], defaulting the scope to all', () => {
    expect(parsePermission('patients:read:department')).toEqual({ resource: 'patients', action: 'read', scope: 'department' });
    expect(parsePermission('audit:read')).toEqual({ resource: 'audit', action: 'read', scope: 'all' });
    expect(parsePermission('patients:read-sensitive')).toEqual({ resource: 'patients', action: 'read-sensitive', scope: 'all' });
  });

  it.each(['patients', 'patients:read:ward', 'Patients:read', 'patients:read:own:extra', "x:y' OR 1=1", ''])(
    'rejects %j',
    (value) => {
      expect(parsePermission(value)).toBeUndefined();
    },
  );

  it('formats back, leaving out the all scope', () => {
    expect(formatPermission({ resource: 'patients', action: 'read', scope: 'all' })).toBe('patients:read');
    expect(formatPermission({ resource: 'patients', action: 'read', scope: 'own' })).toBe('patients:read:own');
  });

  it('knows which held permission covers a wanted one', () => {
    const p = (s: string) => parsePermission(s)!;
    expect(covers(p('patients:read'), p('patients:read:own'))).toBe(true);
    expect(covers(p('patients:read:hospital'), p('patients:read:department'))).toBe(true);
    expect(covers(p('patients:read:department'), p('patients:read:hospital'))).toBe(false);
    expect(covers(p('patients:write'), p('patients:read'))).toBe(false);
    expect(covers(p('users:manage'), p('users:read'))).toBe(true);
  });

  it('expands a catalogue into every concrete permission string', () => {
    expect(
      expandCatalogue([
        { name: 'patients:read', description: '', scopes: ['own', 'department', 'all'] },
        { name: 'audit:read', description: '', scopes: ['all'] },
      ]),
    ).toEqual(['patients:read:own', 'patients:read:department', 'patients:read', 'audit:read']);
  });
});
