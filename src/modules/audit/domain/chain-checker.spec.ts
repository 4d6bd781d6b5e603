import { describe, expect, it } from '@jest/globals';
import type { ChainedAuditEntry } from './audit-entry.js';
import { auditEntryFrom } from './audit-entry-derivation.js';
import { auditHash, GENESIS_HASH } from './audit-hash.js';
import { type AuditKey, AuditKeyring } from './audit-keyring.js';
import { ChainChecker } from './chain-checker.js';

const k0: AuditKey = { id: 'k0', secret: Buffer.alloc(32, 7) };
const k1: AuditKey = { id: 'k1', secret: Buffer.alloc(32, 1) };
const k2: AuditKey = { id: 'k2', secret: Buffer.alloc(32, 2) };
const keys = new AuditKeyring([k0]);

/** Entries before ADR 13 hold class-name types; later ones namespaced types, in the same chain. */
function chain(
  length: number,
  typeOf = (i: number) => (i < length / 2 ? 'ProbeRecorded' : 'test.ProbeRecorded.v1'),
  signers: (i: number) => AuditKeyring = () => keys,
  start: { sequence: number; prev: Buffer } = { sequence: 1, prev: GENESIS_HASH },
): ChainedAuditEntry[] {
  let prev = start.prev;
  return Array.from({ length }, (_, j) => {
    const i = start.sequence - 1 + j;
    const ring = signers(i);
    const entry = auditEntryFrom(
      {
        eventId: `0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e${String(i).padStart(2, '0')}`,
        type: typeOf(i),
        audit: { action: 'execute', outcome: 'success' },
        occurredAt: new Date(Date.UTC(2026, 10, 22, 10, 0, i)),
        actor: { kind: 'system', id: 'test' },
        correlationId: 'c',
        aggregateType: 'Probe',
        aggregateId: 'p',
        aggregateVersion: i + 1,
        payload: { n: i },
      },
      i + 1,
      new Date(Date.UTC(2026, 10, 22, 10, 1)),
      ring,
    );
    const hash = auditHash(ring.signing.secret, prev, entry);
    const chained = { ...entry, prevHash: prev, hash };
    prev = hash;
    return chained;
  });
}

/** An entry as the writer made it before key ids: no key id, the raw session id, hashed under the one key (k0). */
function legacy(sequence: number, prev: Buffer, sessionId: string | null = 's-legacy'): ChainedAuditEntry {
  const [keyed] = chain(1, undefined, undefined, { sequence, prev });
  const entry = {
    ...keyed,
    keyId: null,
    actor: { kind: 'user', id: 'u1', roles: [], sessionId, ip: null, userAgent: null },
  };
  return { ...entry, hash: auditHash(k0.secret, prev, entry) };
}

function check(entries: readonly ChainedAuditEntry[], checker = new ChainChecker(keys, 1, GENESIS_HASH)) {
  for (const entry of entries) {
    const found = checker.accept(entry);
    if (found) return found;
  }
  return undefined;
}

describe('ChainChecker', () => {
  it('accepts an intact chain', () => {
    const checker = new ChainChecker(keys, 1, GENESIS_HASH);
    expect(check(chain(5), checker)).toBeUndefined();
    expect(checker.checked).toBe(5);
    expect(checker.nextSequence).toBe(6);
  });

  it('hashes the type as stored: reading a legacy entry under its namespaced type is a change', () => {
    const entries = chain(4);
    expect(check(entries)).toBeUndefined();
    entries[0] = { ...entries[0], type: 'test.ProbeRecorded.v1' };
    expect(check(entries)).toEqual({ sequence: 1, reason: 'the entry does not match its hash (altered)' });
  });

  it('names the entry whose content was changed', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], reason: 'edited' };
    expect(check(entries)).toEqual({ sequence: 3, reason: 'the entry does not match its hash (altered)' });
  });

  it('names a missing entry, a repeated one, and a prev_hash that does not follow', () => {
    const entries = chain(5);
    expect(check([entries[0], entries[2]])).toEqual({ sequence: 2, reason: 'sequence 2 is missing' });
    expect(check([entries[0], entries[1], entries[1]])).toEqual({ sequence: 2, reason: 'sequence 2 appears twice' });
    expect(check([entries[0], { ...entries[1], prevHash: Buffer.alloc(32, 1) }])).toMatchObject({ sequence: 2 });
  });

  it('refuses a chain rebuilt with another key', () => {
    const other = new ChainChecker(new AuditKeyring([{ id: 'k0', secret: Buffer.alloc(32, 8) }]), 1, GENESIS_HASH);
    expect(check(chain(2), other)).toEqual({ sequence: 1, reason: 'the entry does not match its hash (altered)' });
  });

  it('verifies a chain whose key rotated midway, each entry with the key it names', () => {
    // k1 signs entries 1-3; then the keyring becomes [k2, k1] and k2 signs 4-6.
    const entries = chain(6, undefined, (i) => (i < 3 ? new AuditKeyring([k1]) : new AuditKeyring([k2, k1])));
    expect(entries.map((e) => e.keyId)).toEqual(['k1', 'k1', 'k1', 'k2', 'k2', 'k2']);
    const checker = new ChainChecker(new AuditKeyring([k2, k1]), 1, GENESIS_HASH);
    expect(check(entries, checker)).toBeUndefined();
    expect(checker.checked).toBe(6);
    // Without k1 the chain breaks at the first entry k1 made, saying so.
    expect(check(entries, new ChainChecker(new AuditKeyring([k2]), 1, GENESIS_HASH))).toEqual({
      sequence: 1,
      reason: 'the entry names key "k1", which the keyring does not hold',
    });
  });

  it('binds the key id: an entry relabelled with another held key, or with none, no longer verifies', () => {
    const ring = new AuditKeyring([k2, k1]);
    const entries = chain(3, undefined, () => ring);
    const relabelled = [entries[0], { ...entries[1], keyId: 'k1' }, entries[2]];
    expect(check(relabelled, new ChainChecker(ring, 1, GENESIS_HASH))).toEqual({
      sequence: 2,
      reason: 'the entry does not match its hash (altered)',
    });
    // Even where both ids name the same secret, the id is part of what was hashed.
    const twins = new AuditKeyring([k2, { id: 'k2-copy', secret: k2.secret }]);
    expect(check([{ ...entries[0], keyId: 'k2-copy' }], new ChainChecker(twins, 1, GENESIS_HASH))).toMatchObject({
      sequence: 1,
      reason: 'the entry does not match its hash (altered)',
    });
    const stripped = new ChainChecker(new AuditKeyring([{ id: 'k0', secret: k2.secret }]), 1, GENESIS_HASH);
    expect(check([{ ...entries[0], keyId: null }], stripped)).toMatchObject({
      sequence: 1,
      reason: expect.stringContaining('altered'),
    });
  });

  it('verifies entries recorded before key ids with the key k0, then keyed ones after them', () => {
    const first = legacy(1, GENESIS_HASH);
    const second = legacy(2, first.hash, null);
    const later = chain(2, undefined, () => new AuditKeyring([k1, k0]), { sequence: 3, prev: second.hash });
    const ring = new AuditKeyring([k1, k0]);
    expect(check([first, second, ...later], new ChainChecker(ring, 1, GENESIS_HASH))).toBeUndefined();
    expect(check([first], new ChainChecker(new AuditKeyring([k1]), 1, GENESIS_HASH))).toEqual({
      sequence: 1,
      reason: 'the entry has no key id, so it was made with key "k0", which the keyring does not hold',
    });
    // A legacy entry given a key id afterwards does not verify either.
    expect(check([{ ...first, keyId: 'k0' }], new ChainChecker(ring, 1, GENESIS_HASH))).toMatchObject({ sequence: 1 });
  });

  it('steps over an archived run that continues the chain, and only such a run', () => {
    const entries = chain(6);
    const run = { firstSequence: 3, lastSequence: 4, firstPrevHash: entries[1].hash, lastHash: entries[3].hash };
    const checker = new ChainChecker(keys, 1, GENESIS_HASH);
    expect(check(entries.slice(0, 2), checker)).toBeUndefined();
    expect(checker.bridge(run)).toBeUndefined();
    expect(check(entries.slice(4), checker)).toBeUndefined();

    const wrong = new ChainChecker(keys, 1, GENESIS_HASH);
    check(entries.slice(0, 2), wrong);
    expect(wrong.bridge({ ...run, firstPrevHash: Buffer.alloc(32) })).toEqual({
      sequence: 3,
      reason: 'the archived run does not continue the chain',
    });
  });
});
