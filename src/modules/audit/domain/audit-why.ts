import { toPurposeOfUse } from '@hms/authz';
import type { AuditEntry } from './audit-entry.js';

type WithChange = Pick<AuditEntry, 'change'>;

function payloadOf({ change }: WithChange): Record<string, unknown> {
  return change !== null && typeof change === 'object' && !Array.isArray(change) ? (change as Record<string, unknown>) : {};
}

/**
 * The purpose of use an entry's event declared, as its HL7 v3 PurposeOfUse code. Entries written
 * before HMS took HL7 codes hold lower-case aliases (`treatment`): the store is append-only and
 * hashed, so they are mapped here, when read, never rewritten. A legacy value with no code is
 * returned as stored; null when the event declared no purpose.
 */
export function purposeOfUseOf(entry: WithChange): string | null {
  const declared = payloadOf(entry).purposeOfUse;
  if (typeof declared !== 'string' || declared === '') return null;
  return toPurposeOfUse(declared) ?? declared;
}

/**
 * Why, for reports: the event's own reason (a break-the-glass justification, a refusal's cause)
 * as written, else its purpose of use as an HL7 code. The stored `reason` column took the alias
 * as it was, so it is not reused for purposes.
 */
export function whyOf(entry: Pick<AuditEntry, 'change' | 'reason'>): string | null {
  const reason = payloadOf(entry).reason;
  if (typeof reason === 'string' && reason !== '') return entry.reason;
  return purposeOfUseOf(entry) ?? entry.reason;
}
