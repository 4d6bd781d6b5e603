import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/** Which part of the auditors' API was used. */
export type AuditQueryKind = 'find-events' | 'get-event' | 'resource-history' | 'access-report' | 'export' | 'verify';

export interface AuditTrailQueriedPayload {
  readonly query: AuditQueryKind;
  /** The filters as sent: ids, codes and dates, never free text. */
  readonly filters: Readonly<Record<string, string | number | null>>;
  /** For verify: what the check found. */
  readonly result?: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Auditors are audited: every use of the audit API records one of these.
 * The aggregate is the auditor's own trail of queries (version 0: a fact,
 * not a versioned change), so GET resources/AuditTrail/{userId}/history
 * lists what one auditor looked at.
 */
export class AuditTrailQueried extends DomainEvent<AuditTrailQueriedPayload> {
  static readonly TYPE = 'audit.AuditTrailQueried.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'query', outcome: 'success' };
  static readonly FACT_ONLY = true;

  constructor(auditorId: string, payload: AuditTrailQueriedPayload) {
    super({ aggregateType: 'AuditTrail', aggregateId: auditorId, aggregateVersion: 0, payload });
  }
}
