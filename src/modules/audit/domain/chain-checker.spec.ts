import { describe, expect, it } from '@jest/globals';
import type { ChainedAuditEntry } from './audit-entry.js';
import { auditEntryFrom } from './audit-entry-derivation.js';
import { auditHash, GENESIS_HASH } from './audit-hash.js';
import { ChainChecker } from './chain-checker.js';

const key = Buffer.alloc(32, 7);

/** Entries before ADR 13 hold class-name types; later ones namespaced types, in the same chain. */
function chain(
  length: number,
  typeOf = (i: number) => (i < length / 2 ? 'ProbeRecorded' : 'test.ProbeRecorded.v1'),
): ChainedAuditEntry[] {
  let prev = GENESIS_HASH;
  return Array.from({ length }, (_, i) => {
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
    );
    const hash = auditHash(key, prev, entry);
    const chained = { ...entry, prevHash: prev, hash };
    prev = hash;
    return chained;
  });
}

function check(entries: readonly ChainedAuditEntry[], checker = new ChainChecker(key, 1, GENESIS_HASH)) {
  for (const entry of entries) {
    const found = checker.accept(entry);
    if (found) return found;
  }
  return undefined;
}

describe('ChainChecker', () => {
  it('accepts an intact chain', () => {
    const checker = new ChainChecker(key, 1, GENESIS_HASH);
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
    const other = new ChainChecker(Buffer.alloc(32, 8), 1, GENESIS_HASH);
    expect(check(chain(2), other)).toEqual({ sequence: 1, reason: 'the entry does not match its hash (altered)' });
  });

  it('steps over an archived run that continues the chain, and only such a run', () => {
    const entries = chain(6);
    const run = { firstSequence: 3, lastSequence: 4, firstPrevHash: entries[1].hash, lastHash: entries[3].hash };
    const checker = new ChainChecker(key, 1, GENESIS_HASH);
    expect(check(entries.slice(0, 2), checker)).toBeUndefined();
    expect(checker.bridge(run)).toBeUndefined();
    expect(check(entries.slice(4), checker)).toBeUndefined();

    const wrong = new ChainChecker(key, 1, GENESIS_HASH);
    check(entries.slice(0, 2), wrong);
    expect(wrong.bridge({ ...run, firstPrevHash: Buffer.alloc(32) })).toEqual({
      sequence: 3,
      reason: 'the archived run does not continue the chain',
    });
  });
});
