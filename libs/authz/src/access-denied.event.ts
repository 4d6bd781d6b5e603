import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/**
 * `self-grant`: adding roles to one's own account, or permissions to a role one holds (ADR 25);
 * `not-author`: changing or signing a record only its author may (a draft clinical note, ADR 31).
 */
export type DenialReason = 'missing-permission' | 'out-of-scope' | 'self-grant' | 'not-author';

/**
 * An authorization refusal, for the audit trail: a missing permission (403),
 * a record outside the caller's scope (answered 404), or a grant to oneself (403). Raised by the guard
 * and by any context that refuses a concrete record.
 */
export class AccessDenied extends DomainEvent<{
  readonly userId: string;
  readonly reason: DenialReason;
  readonly permission: string | null;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
  readonly method: string | null;
  readonly route: string | null;
}> {
  static readonly TYPE = 'authz.AccessDenied.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'deny', outcome: 'denied' };
  static readonly FACT_ONLY = true;

  constructor(payload: {
    userId: string;
    reason: DenialReason;
    permission?: string | null;
    resourceType?: string | null;
    resourceId?: string | null;
    method?: string | null;
    route?: string | null;
  }) {
    super({
      aggregateType: 'User',
      aggregateId: payload.userId,
      aggregateVersion: 0,
      payload: {
        userId: payload.userId,
        reason: payload.reason,
        permission: payload.permission ?? null,
        resourceType: payload.resourceType ?? null,
        resourceId: payload.resourceId ?? null,
        method: payload.method ?? null,
        route: payload.route ?? null,
      },
    });
  }
}
