import type { ArchivedRun } from './archived-run.js';
import type { ChainBreak } from './chain-break.js';
import type { ChainedAuditEntry } from './audit-entry.js';
import { auditHash } from './audit-hash.js';
import { type AuditKeyring, LEGACY_AUDIT_KEY_ID } from './audit-keyring.js';

/**
 * Walks a chain one entry at a time, in sequence order, and names the first
 * place it breaks: a missing or repeated sequence, a prev_hash that is not
 * the previous hash, a key the keyring does not hold, or a hash that does not
 * match the entry's content under the key the entry names.
 * Archived runs bridge the sequences that left with a detached partition.
 */
export class ChainChecker {
  private expected: number;
  private prev: Buffer;
  private verified = 0;

  constructor(
    private readonly keys: AuditKeyring,
    firstSequence: number,
    prevHash: Buffer,
  ) {
    this.expected = firstSequence;
    this.prev = prevHash;
  }

  /** The sequence the next entry must carry. */
  get nextSequence(): number {
    return this.expected;
  }

  /** The hash the next entry must name as its prev_hash (the last verified one). */
  get lastHash(): Buffer {
    return this.prev;
  }

  get checked(): number {
    return this.verified;
  }

  accept(entry: ChainedAuditEntry): ChainBreak | undefined {
    if (entry.sequence < this.expected) return { sequence: entry.sequence, reason: `sequence ${entry.sequence} appears twice` };
    if (entry.sequence > this.expected) return { sequence: this.expected, reason: `sequence ${this.expected} is missing` };
    if (!entry.prevHash.equals(this.prev)) {
      return { sequence: entry.sequence, reason: 'prev_hash is not the hash of the previous entry' };
    }
    const key = this.keys.keyFor(entry.keyId);
    if (!key) {
      const reason =
        entry.keyId === null
          ? `the entry has no key id, so it was made with key "${LEGACY_AUDIT_KEY_ID}", which the keyring does not hold`
          : `the entry names key "${entry.keyId}", which the keyring does not hold`;
      return { sequence: entry.sequence, reason };
    }
    const hash = auditHash(key.secret, this.prev, entry);
    if (!hash.equals(entry.hash)) return { sequence: entry.sequence, reason: 'the entry does not match its hash (altered)' };
    this.prev = entry.hash;
    this.expected += 1;
    this.verified += 1;
    return undefined;
  }

  /** Steps over a run of archived sequences, which must start exactly where the chain stands. */
  bridge(run: ArchivedRun): ChainBreak | undefined {
    if (run.firstSequence !== this.expected) return { sequence: this.expected, reason: `sequence ${this.expected} is missing` };
    if (!run.firstPrevHash.equals(this.prev)) {
      return { sequence: this.expected, reason: 'the archived run does not continue the chain' };
    }
    this.prev = run.lastHash;
    this.expected = run.lastSequence + 1;
    return undefined;
  }
}
