import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { type LoginFailureReason, LoginFailed } from '../domain/session-events.js';
import { EmailKey } from '../infrastructure/email-key.js';
import { UserRepository } from '../infrastructure/user.repository.js';

/** Tokens already audited, remembered so a retried token is audited once; the oldest is dropped beyond this. */
const RECORDED_TOKENS_KEPT = 10_000;

/**
 * Audits a refused access token as a failed sign-in (LoginFailed), as the
 * login handler audits a refused password. Only for tokens that carry our
 * signature (TokenService.signedRefusalOf, or verified before): their `sub`
 * is a user we signed for, where a forged token's is anyone's. Each token is recorded once per process: a client retrying an
 * expired token would otherwise turn each cheap request into an audit write,
 * and the tokens that can be recorded at all are the ones this server issued.
 */
@Injectable()
export class RefusedTokenRecorder {
  private readonly logger = new Logger(RefusedTokenRecorder.name);
  private readonly recorded = new Set<string>();

  constructor(
    private readonly uow: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly emailKey: EmailKey,
  ) {}

  async record(token: string, userId: string, reason: LoginFailureReason, actor: Actor): Promise<void> {
    if (this.recorded.has(token)) return;
    if (this.recorded.size >= RECORDED_TOKENS_KEPT) this.recorded.delete(this.recorded.values().next().value!);
    this.recorded.add(token);
    try {
      const user = await this.users.findById(this.dataSource.manager, userId);
      if (!user) return;
      await this.uow.record(actor, new LoginFailed(this.emailKey.of(user.email), reason, user.id));
    } catch (error) {
      // The answer stays 401; the next try of this token records it.
      this.recorded.delete(token);
      this.logger.error({ err: error, reason }, 'could not audit a refused access token');
    }
  }
}
