import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { AuditTrailQueried } from '../../domain/audit-trail-queried.event.js';
import { assertOrdered } from '../../domain/assert-ordered.js';
import { AuditVerifier } from '../../infrastructure/audit-verifier.js';
import { queryFilters } from '../query-filters.js';
import { type ChainVerificationView, VerifyAuditChain } from './verify-audit-chain.query.js';

@QueryHandler(VerifyAuditChain)
export class VerifyAuditChainHandler implements IQueryHandler<VerifyAuditChain, ChainVerificationView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly verifier: AuditVerifier,
  ) {}

  async execute({ fromSequence, toSequence, actor }: VerifyAuditChain): Promise<ChainVerificationView> {
    assertOrdered(fromSequence, toSequence, ['fromSequence', 'toSequence']);
    const { valid, checked, firstBrokenSequence, reason, lastSequence } = await this.verifier.verify({
      fromSequence,
      toSequence,
    });
    await this.uow.record(
      actor,
      new AuditTrailQueried(actor.id, {
        query: 'verify',
        filters: queryFilters({ fromSequence, toSequence }),
        result: { valid, checked, firstBrokenSequence },
      }),
    );
    return { valid, checked, firstBrokenSequence, reason, lastSequence };
  }
}
