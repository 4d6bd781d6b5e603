import type { AuditAction, AuditOutcome } from '@hms/ddd';

/** Who acted, as the audit trail keeps it: ids, roles and where from; never a name or an email. */
export interface AuditActor {
  readonly kind: string;
  readonly id: string;
  readonly roles: readonly string[];
  /** The session's opaque reference (AuditKeyring.sessionReference), in entries that name their key. */
  readonly sessionRef?: string | null;
  /** The raw session id, held only by entries recorded before key ids; never shown (it is half a credential). */
  readonly sessionId?: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** One audited event: everything the hash covers. */
export interface AuditEntry {
  readonly sequence: number;
  /** The id of the key the entry's hash is made with; null in entries recorded before key ids (the legacy key). */
  readonly keyId: string | null;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly actor: AuditActor;
  readonly actorId: string | null;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly aggregateVersion: number;
  readonly patientId: string | null;
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  readonly correlationId: string;
  readonly reason: string | null;
  /** The event payload as the outbox stored it (personal data there is already encrypted or absent). */
  readonly change: unknown;
}

/** An entry with its place in the chain. */
export interface ChainedAuditEntry extends AuditEntry {
  readonly prevHash: Buffer;
  readonly hash: Buffer;
}
