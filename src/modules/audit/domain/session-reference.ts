import type { AuditEntry } from './audit-entry.js';
import { SESSION_RESOURCE_TYPES } from './audit-entry-derivation.js';
import type { AuditKeyring } from './audit-keyring.js';

/** Shown instead of a legacy entry's session id when the keyring lacks the key its reference is made with. */
export const UNAVAILABLE_SESSION_REFERENCE = 'unavailable';

/**
 * The reference under the entry's own key of a raw session id a legacy
 * entry holds: the same one the writer stores for that session under that
 * key, so the store cannot be rewritten to drop the id but never shows it.
 */
function legacyReference(entry: AuditEntry, keys: AuditKeyring, sessionId: string): string | undefined {
  const key = keys.keyFor(entry.keyId);
  return key ? keys.sessionReference(key, sessionId) : undefined;
}

/** The session an entry's actor acted in, as the trail shows it: always a reference, never the session id. */
export function shownSessionRef(entry: AuditEntry, keys: AuditKeyring): string | null {
  const { sessionRef, sessionId } = entry.actor;
  if (typeof sessionRef === 'string') return sessionRef;
  if (typeof sessionId !== 'string' || sessionId === '') return null;
  return legacyReference(entry, keys, sessionId) ?? null;
}

/** The resource an entry names, a session as its reference (entries since key ids already store it so). */
export function shownResourceId(entry: AuditEntry, keys: AuditKeyring): string {
  if (entry.keyId !== null || !SESSION_RESOURCE_TYPES.has(entry.resourceType)) return entry.resourceId;
  return legacyReference(entry, keys, entry.resourceId) ?? UNAVAILABLE_SESSION_REFERENCE;
}
