import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { type Keyring, keyringOf } from './keyring.js';

const VERSION = 'v1';
const MAC_BYTES = 32;

/** Why a stored entry was refused. Every refusal is a cache miss: the caller reads the source of truth. */
export type EntryRefusal = 'malformed' | 'unknown-key' | 'bad-mac' | 'wrong-name' | 'expired';

export type OpenedEntry = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: EntryRefusal };

/**
 * A keyring of HMAC keys derived (HKDF-SHA256) from other secrets, one per
 * secret with the same id: `purpose` keeps the derived keys unrelated to the
 * secrets' own use and to other purposes.
 */
export function derivedMacKeyring(secrets: readonly { id: string; secret: Buffer }[], purpose: string): Keyring {
  return keyringOf(
    secrets.map(({ id, secret }) => ({
      id,
      secret: Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `hms signed-entry ${VERSION} ${purpose}`, MAC_BYTES)),
    })),
  );
}

/**
 * A value to keep in a store others can write (a cache in Redis), stored as
 * `v1.<keyId>.<mac>.<payload>`. The payload is JSON of the entry's own name
 * (its Redis key), its expiry and the value, and the MAC (HMAC-SHA256 with
 * the keyring's active key) covers exactly those bytes: an entry copied under
 * another name or read after its expiry is refused, not only a forged one.
 */
export function sealEntry(keyring: Keyring, name: string, value: unknown, expiresAtMs: number): string {
  const payload = JSON.stringify({ name, exp: expiresAtMs, value });
  const key = keyring.keys.get(keyring.activeKeyId)!;
  return `${VERSION}.${keyring.activeKeyId}.${macOf(key, payload)}.${payload}`;
}

/** The value of an entry sealed under `name` that has not expired at `nowMs`, or why it is refused. */
export function openEntry(keyring: Keyring, name: string, stored: string, nowMs: number): OpenedEntry {
  // The payload comes last and may hold dots; the three fields before it cannot.
  const first = stored.indexOf('.');
  const second = stored.indexOf('.', first + 1);
  const third = stored.indexOf('.', second + 1);
  if (first < 0 || second < 0 || third < 0 || stored.slice(0, first) !== VERSION) return refused('malformed');
  const key = keyring.keys.get(stored.slice(first + 1, second));
  if (!key) return refused('unknown-key');
  // Compared as text: base64url has several spellings of one byte string, and only ours is accepted.
  const given = Buffer.from(stored.slice(second + 1, third), 'utf8');
  const payload = stored.slice(third + 1);
  const expected = Buffer.from(macOf(key, payload), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refused('bad-mac');
  // Only authenticated bytes are parsed.
  let entry: { name?: unknown; exp?: unknown; value?: unknown };
  try {
    entry = JSON.parse(payload) as typeof entry;
  } catch {
    return refused('malformed');
  }
  if (entry.name !== name) return refused('wrong-name');
  if (typeof entry.exp !== 'number' || entry.exp <= nowMs) return refused('expired');
  return { ok: true, value: entry.value };
}

function macOf(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload, 'utf8').digest('base64url');
}

function refused(reason: EntryRefusal): OpenedEntry {
  return { ok: false, reason };
}
