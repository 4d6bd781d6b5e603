import { Query } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { AuditEventView } from '../audit-event-view.js';

/** One entry by its event id (the id the outbox, the queues and the logs all know it by). */
export class GetAuditEvent extends Query<AuditEventView> {
  constructor(
    readonly eventId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
