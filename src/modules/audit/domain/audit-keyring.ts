import { createHmac, hkdfSync } from 'node:crypto';

/** One HMAC key of the audit chain, named by the id the entries it signs carry. */
export interface AuditKey {
  readonly id: string;
  readonly secret: Buffer;
}

/**
 * The key id entries recorded before entries named their key are taken to
 * name: they were all made with the one AUDIT_HMAC_KEY, which the
 * configuration still reads as this key.
 */
export const LEGACY_AUDIT_KEY_ID = 'k0';

/** HKDF info of the session-reference key: a label of its own, so it is independent of the chain key. */
const SESSION_REFERENCE_INFO = 'hms/audit/session-reference/v1';
/** 128 bits: enough that two sessions never share a reference, short enough to read. */
const SESSION_REFERENCE_BYTES = 16;

/** Session references remembered at most (about 100 bytes each). */
const REFERENCES_KEPT = 10_000;

/** A session reference: base64url of 16 bytes. */
export const SESSION_REFERENCE = /^[A-Za-z0-9_-]{22}$/;

/**
 * The audit chain's keyring: the first key signs new entries, every key
 * verifies the entries that name it, so a key rotates without rewriting the
 * append-only store.
 */
export class AuditKeyring {
  /** The key new entries are made with. */
  readonly signing: AuditKey;
  private readonly byId: ReadonlyMap<string, AuditKey>;
  private readonly referenceKeys = new WeakMap<AuditKey, Buffer>();
  /** References computed lately, by key and session: a session's events come in runs, one HMAC each otherwise. */
  private readonly references = new Map<string, string>();

  constructor(keys: readonly AuditKey[]) {
    if (keys.length === 0) throw new Error('the audit keyring needs at least one key');
    this.signing = keys[0];
    this.byId = new Map(keys.map((key) => [key.id, key]));
  }

  /** The key an entry was made with: the one its key id names (no key id: the legacy key). */
  keyFor(keyId: string | null): AuditKey | undefined {
    return this.byId.get(keyId ?? LEGACY_AUDIT_KEY_ID);
  }

  /**
   * The opaque reference the audit trail shows for a session: a keyed hash
   * of its id under a key derived (HKDF, a label of its own) from an audit
   * key, so it groups one session's actions but cannot be turned back into
   * the id, which is half of a bearer credential.
   */
  sessionReference(key: AuditKey, sessionId: string): string {
    const memo = `${key.id}\n${sessionId}`;
    const known = this.references.get(memo);
    if (known !== undefined) return known;
    let derived = this.referenceKeys.get(key);
    if (!derived) {
      derived = Buffer.from(hkdfSync('sha256', key.secret, Buffer.alloc(0), SESSION_REFERENCE_INFO, 32));
      this.referenceKeys.set(key, derived);
    }
    const reference = createHmac('sha256', derived)
      .update(sessionId, 'utf8')
      .digest()
      .subarray(0, SESSION_REFERENCE_BYTES)
      .toString('base64url');
    // Bounded: a full memo starts again rather than grow with every session ever seen.
    if (this.references.size >= REFERENCES_KEPT) this.references.clear();
    this.references.set(memo, reference);
    return reference;
  }
}
