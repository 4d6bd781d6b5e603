import { describe, expect, it } from '@jest/globals';
import { keyringOf } from './keyring.js';
import { derivedMacKeyring, openEntry, sealEntry } from './signed-entry.js';

const secret = (n: number) => Buffer.alloc(32, n);
const ring = derivedMacKeyring(
  [
    { id: 'k2', secret: secret(2) },
    { id: 'k1', secret: secret(1) },
  ],
  'test-cache',
);
const name = 'hms:auth:user:0193a1f2-0000-7000-8000-000000000001';
const now = 1_800_000_000_000;
const value = { status: 'active', permissions: ['patients:read:department'] };

describe('signed entries', () => {
  it('round-trip before their expiry, naming the active key', () => {
    const stored = sealEntry(ring, name, value, now + 30_000);
    expect(stored).toMatch(/^v1\.k2\.[\w-]{43}\.\{/);
    expect(openEntry(ring, name, stored, now)).toEqual({ ok: true, value });
    expect(openEntry(ring, name, stored, now + 29_999)).toEqual({ ok: true, value });
  });

  it('refuse an entry with any one character changed', () => {
    const stored = sealEntry(ring, name, value, now + 30_000);
    const outcomes = new Set<string>();
    for (let i = 0; i < stored.length; i += 1) {
      const changed = stored.slice(0, i) + (stored[i] === 'A' ? 'B' : 'A') + stored.slice(i + 1);
      const opened = openEntry(ring, name, changed, now);
      expect([i, opened.ok]).toEqual([i, false]);
      if (!opened.ok) outcomes.add(opened.reason);
    }
    expect([...outcomes].sort()).toEqual(['bad-mac', 'malformed', 'unknown-key']);
  });

  it('refuse a payload rewritten to grant more, under the original MAC', () => {
    const stored = sealEntry(ring, name, value, now + 30_000);
    const forged = stored.replace('"patients:read:department"', '"patients:read:all","users:manage"');
    expect(forged).not.toBe(stored);
    expect(openEntry(ring, name, forged, now)).toEqual({ ok: false, reason: 'bad-mac' });
  });

  it('refuse a valid entry copied under another name', () => {
    const other = 'hms:auth:user:0193a1f2-0000-7000-8000-000000000002';
    expect(openEntry(ring, other, sealEntry(ring, name, value, now + 30_000), now)).toEqual({ ok: false, reason: 'wrong-name' });
  });

  it('refuse an entry at or after its expiry', () => {
    const stored = sealEntry(ring, name, value, now + 30_000);
    expect(openEntry(ring, name, stored, now + 30_000)).toEqual({ ok: false, reason: 'expired' });
    expect(openEntry(ring, name, stored, now + 86_400_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse entries signed with another secret, or with a key this ring lacks', () => {
    const foreign = derivedMacKeyring([{ id: 'k2', secret: secret(9) }], 'test-cache');
    expect(openEntry(ring, name, sealEntry(foreign, name, value, now + 30_000), now)).toEqual({ ok: false, reason: 'bad-mac' });
    const unknown = derivedMacKeyring([{ id: 'k3', secret: secret(2) }], 'test-cache');
    expect(openEntry(ring, name, sealEntry(unknown, name, value, now + 30_000), now)).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it('accept an entry signed with an older key still in the ring (keys rotate)', () => {
    const old = derivedMacKeyring([{ id: 'k1', secret: secret(1) }], 'test-cache');
    expect(openEntry(ring, name, sealEntry(old, name, value, now + 30_000), now)).toEqual({ ok: true, value });
  });

  it('refuse plain JSON, an empty value and truncated forms as malformed', () => {
    for (const stored of [JSON.stringify(value), '', 'v1', 'v1.k2', 'v1.k2.mac', 'v2.k2.AAAA.{}']) {
      expect([stored, openEntry(ring, name, stored, now)]).toEqual([stored, { ok: false, reason: 'malformed' }]);
    }
  });

  it('derive keys unrelated to their source secret and to other purposes', () => {
    const direct = keyringOf([{ id: 'k2', secret: secret(2) }]);
    const other = derivedMacKeyring([{ id: 'k2', secret: secret(2) }], 'other-cache');
    expect(openEntry(ring, name, sealEntry(direct, name, value, now + 30_000), now)).toEqual({ ok: false, reason: 'bad-mac' });
    expect(openEntry(ring, name, sealEntry(other, name, value, now + 30_000), now)).toEqual({ ok: false, reason: 'bad-mac' });
    expect(ring.keys.get('k2')).toEqual(derivedMacKeyring([{ id: 'k2', secret: secret(2) }], 'test-cache').keys.get('k2'));
  });
});
