import { derivedMacKeyring, type Keyring } from '@hms/crypto';
import type { NamedKey } from '../../../config/app-config.js';

/**
 * The keys that sign the session and permission entries cached in Redis:
 * derived from JWT_KEYS (HKDF, a label of their own), id for id, so the first
 * signs and a retired key still verifies until it leaves the ring. Whoever
 * holds the JWT keys can already sign in as anyone, so a separate secret would
 * add one more to manage and protect nothing more (ADR 6).
 */
export function authStateKeyring(jwtKeys: readonly NamedKey[]): Keyring {
  return derivedMacKeyring(jwtKeys, 'auth-state-cache');
}
