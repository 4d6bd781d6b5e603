import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from './audit-entry.js';
import { AuditKeyring, LEGACY_AUDIT_KEY_ID, SESSION_REFERENCE } from './audit-keyring.js';
import { shownResourceId, shownSessionRef, UNAVAILABLE_SESSION_REFERENCE } from './session-reference.js';

const k1 = { id: 'k1', secret: Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex') };
const k2 = { id: 'k2', secret: Buffer.alloc(32, 2) };
const SESSION = '0193a1f2-0000-7000-8000-0000000000aa';
const OTHER_SESSION = '0193a1f2-0000-7000-8000-0000000000ab';

/**
 * Golden vectors: references are stored in entries and quoted by auditors, so
 * the derivation must never change. Computed apart from this code (RFC 5869
 * HKDF-SHA256, then HMAC-SHA256 truncated to 16 bytes, base64url).
 */
const GOLDEN = { session: 'Wix7yGcZwwHKuW0cWCllgA', otherSession: '1YO3tcJxWpTj69q9mIY_-Q' };

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  sequence: 1,
  keyId: 'k1',
  eventId: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e01',
  type: 'auth.LoginSucceeded.v1',
  occurredAt: new Date('2026-11-22T10:00:00Z'),
  recordedAt: new Date('2026-11-22T10:00:01Z'),
  actor: { kind: 'user', id: 'u1', roles: [], sessionRef: null, ip: null, userAgent: null },
  actorId: 'u1',
  action: 'login',
  outcome: 'success',
  resourceType: 'Session',
  resourceId: 'stored-reference',
  aggregateVersion: 0,
  patientId: null,
  hospitalId: null,
  departmentId: null,
  correlationId: 'c',
  reason: null,
  change: {},
  ...over,
});

describe('AuditKeyring', () => {
  it('signs with its first key and finds every key by id; no key id means the legacy key k0', () => {
    const legacy = { id: LEGACY_AUDIT_KEY_ID, secret: Buffer.alloc(32, 9) };
    const ring = new AuditKeyring([k2, k1, legacy]);
    expect(ring.signing).toBe(k2);
    expect(ring.keyFor('k1')).toBe(k1);
    expect(ring.keyFor(null)).toBe(legacy);
    expect(ring.keyFor('k3')).toBeUndefined();
    expect(new AuditKeyring([k1]).keyFor(null)).toBeUndefined();
    expect(() => new AuditKeyring([])).toThrow(/at least one key/);
  });

  it('makes a session reference that is stable, opaque and distinct per session and per key', () => {
    const ring = new AuditKeyring([k1, k2]);
    const ref = ring.sessionReference(k1, SESSION);
    expect(ref).toBe(GOLDEN.session);
    expect(ref).toMatch(SESSION_REFERENCE);
    expect(new AuditKeyring([k1]).sessionReference(k1, SESSION)).toBe(ref);
    expect(ring.sessionReference(k1, OTHER_SESSION)).toBe(GOLDEN.otherSession);
    expect(ring.sessionReference(k2, SESSION)).not.toBe(ref);
    expect(ref).not.toContain(SESSION.replace(/-/g, '').slice(0, 8));
  });

  it('gives the same references from its memo, per key, and after the memo filled and started again', () => {
    const ring = new AuditKeyring([k1, k2]);
    expect(ring.sessionReference(k1, SESSION)).toBe(GOLDEN.session);
    expect(ring.sessionReference(k2, SESSION)).not.toBe(GOLDEN.session);
    expect(ring.sessionReference(k1, SESSION)).toBe(GOLDEN.session);
    for (let i = 0; i < 10_001; i += 1) ring.sessionReference(k1, `session-${i}`);
    expect(ring.sessionReference(k1, SESSION)).toBe(GOLDEN.session);
    expect(ring.sessionReference(k1, OTHER_SESSION)).toBe(GOLDEN.otherSession);
  });
});

describe('the session an entry shows', () => {
  const legacyKey = { id: LEGACY_AUDIT_KEY_ID, secret: k1.secret };
  const ring = new AuditKeyring([k2, legacyKey]);

  it('is the stored reference in entries that name their key', () => {
    const stored = entry({ actor: { ...entry({}).actor, sessionRef: GOLDEN.session } });
    expect(shownSessionRef(stored, ring)).toBe(GOLDEN.session);
    expect(shownResourceId(stored, ring)).toBe('stored-reference');
    expect(shownSessionRef(entry({}), ring)).toBeNull();
  });

  it('is the reference, under k0, of the raw id a legacy entry holds: the one the writer stored under k0', () => {
    const legacy = entry({
      keyId: null,
      actor: { kind: 'user', id: 'u1', roles: [], sessionId: SESSION, ip: null, userAgent: null },
      resourceId: SESSION,
    });
    expect(shownSessionRef(legacy, ring)).toBe(GOLDEN.session);
    expect(shownResourceId(legacy, ring)).toBe(GOLDEN.session);
    expect(shownResourceId({ ...legacy, resourceType: 'User', resourceId: 'u1' }, ring)).toBe('u1');
    // Without k0 the reference cannot be made, and the id is still not shown.
    const withoutLegacy = new AuditKeyring([k2]);
    expect(shownSessionRef(legacy, withoutLegacy)).toBeNull();
    expect(shownResourceId(legacy, withoutLegacy)).toBe(UNAVAILABLE_SESSION_REFERENCE);
  });
});
