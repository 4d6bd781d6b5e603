import { createHmac } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { AuditEntry } from './audit-entry.js';

/** The prev_hash of the first entry: 32 zero bytes. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/**
 * The fields an entry's hash covers, in the form both the writer and the
 * verifier build. An entry that names its key has the key id among them, so
 * the id cannot be swapped; one recorded before key ids has no such member,
 * which keeps its stored hash valid (and no entry of one form hashes the same
 * text as one of the other).
 */
function hashedFields(entry: AuditEntry): Record<string, unknown> {
  return {
    ...(entry.keyId === null ? {} : { keyId: entry.keyId }),
    sequence: entry.sequence,
    eventId: entry.eventId,
    type: entry.type,
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    actor: entry.actor,
    actorId: entry.actorId,
    action: entry.action,
    outcome: entry.outcome,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    aggregateVersion: entry.aggregateVersion,
    patientId: entry.patientId,
    hospitalId: entry.hospitalId,
    departmentId: entry.departmentId,
    correlationId: entry.correlationId,
    reason: entry.reason,
    change: entry.change,
  };
}

/**
 * hash = HMAC-SHA256(key, prevHash || canonical JSON of the entry), the key
 * being the one entry.keyId names. The key means nobody without it can
 * rebuild a consistent chain after an edit, even one who can rewrite every row.
 */
export function auditHash(key: Buffer, prevHash: Buffer, entry: AuditEntry): Buffer {
  return createHmac('sha256', key)
    .update(prevHash)
    .update(canonicalJson(hashedFields(entry)), 'utf8')
    .digest();
}
