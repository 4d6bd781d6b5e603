import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, anonymousActor, type DomainEvent, uuidv7 } from '@hms/ddd';
import { APP_CONFIG } from '../../../../config/config.module.js';
import type { AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import type { TransactionContext } from '../../../../infrastructure/database/transaction-context.js';
import { MetricsService } from '../../../../infrastructure/metrics/metrics.service.js';
import { InvalidCredentialsError, SignInThrottledError } from '../../domain/auth-errors.js';
import {
  type Admission,
  admitAttempt,
  countFailure,
  delayAfter,
  isLocked,
  type LockCause,
  lockKeepsOut,
  registerFailure,
  type ThrottleCount,
  windowOpen,
} from '../../domain/lockout-policy.js';
import { accessTokenExpiry } from '../../domain/session-policy.js';
import { type LoginFailureReason, LoginFailed, LoginSucceeded, SignInThrottled } from '../../domain/session-events.js';
import { AccountLocked } from '../../domain/user-events.js';
import { AddressKey } from '../../infrastructure/address-key.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { EmailKey } from '../../infrastructure/email-key.js';
import { PasswordHasher } from '../../infrastructure/password-hasher.js';
import { SessionRepository } from '../../infrastructure/session.repository.js';
import { SignInThrottleRepository } from '../../infrastructure/sign-in-throttle.repository.js';
import { TokenService } from '../../infrastructure/token-service.js';
import { type UserRow, UserRepository } from '../../infrastructure/user.repository.js';
import { UsualAddressRepository } from '../../infrastructure/usual-address.repository.js';
import type { AuthTokens } from '../auth-tokens.js';
import { Login } from './login.command.js';

const DAY_MS = 86_400_000;

/** What the admission transaction found and counted for one attempt. */
interface Admitted {
  readonly admission: Extract<Admission, { admitted: true }>;
  readonly usualAddress: boolean;
  readonly accountAddress: ThrottleCount;
  /** Undefined when the attempt was not counted on the address (exempted from its throttle). */
  readonly address?: ThrottleCount;
  readonly refused?: undefined;
}

/** An attempt refused at admission: earlier failures make the address wait. */
interface Refused {
  readonly refused: Extract<Admission, { admitted: false }>;
}

/**
 * Signs a user in, throttling failures without letting them lock the user out (ADR 21).
 *
 * 1. Admission, before any argon2 work: one short transaction locks the attempt's throttle counts
 *    (this account from this address; this address over every account) and either refuses (429,
 *    audited, nothing else written) or counts the attempt as a failure until it proves otherwise,
 *    so parallel attempts cannot slip past the count.
 * 2. The password is hashed outside any transaction.
 * 3. Settlement, in one transaction: a success gives the address its count back, remembers it as
 *    usual and opens the session; a failure counts on the account, may lock it hard, and is audited.
 *
 * Unknown email, wrong password, locked and deactivated accounts all get the same answers after
 * the same work: the throttles are keyed by the email's HMAC, whether an account has it or not.
 */
@CommandHandler(Login)
export class LoginHandler implements ICommandHandler<Login, AuthTokens> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly throttles: SignInThrottleRepository,
    private readonly usualAddresses: UsualAddressRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly emailKey: EmailKey,
    private readonly addressKey: AddressKey,
    private readonly authState: AuthStateStore,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ email, password, ip, userAgent }: Login): Promise<AuthTokens> {
    // One instant for the whole attempt, so admission and settlement agree on every window.
    const now = new Date();
    const actor = anonymousActor(ip, userAgent);
    const accountKey = this.emailKey.of(email);
    const addressKey = this.addressKey.of(ip);
    const candidate = await this.users.findByEmail(this.uow.manager(), email);

    const admitted = await this.admit(actor, accountKey, addressKey, candidate, now);
    if (admitted.refused) {
      this.metrics.signInThrottled.inc({ limit: admitted.refused.limit });
      throw new SignInThrottledError(admitted.refused.retryAfterSeconds);
    }

    const passwordOk = await this.hasher.verify(candidate?.password_hash ?? null, password);

    const outcome = await this.uow.run(actor, async (tx) => {
      const user = candidate && (await this.users.findById(tx.manager, candidate.id, true));
      const fail = (reason: LoginFailureReason, lockedBy?: LockCause) => {
        tx.record(new LoginFailed(accountKey, reason, user?.id ?? null), ...this.throttleEvents(accountKey, user, admitted));
        return { ok: false as const, userId: user?.id, lockedBy };
      };
      if (!user) return fail('unknown-email');
      if (user.status === 'deactivated') return fail('deactivated');
      const keptOut = lockKeepsOut(user.status, user.locked_until, admitted.usualAddress, now);
      if (keptOut || !passwordOk) {
        // A right password from an address the lock keeps out is refused like a wrong one, and counts on the
        // throttles (above), but not on the account: the account-wide count is of guesses that failed.
        const lockedBy = passwordOk ? undefined : await this.countAccountFailure(tx, user, accountKey, now);
        return fail(keptOut ? 'locked' : 'wrong-password', lockedBy);
      }

      // A lock that ran out is lifted; one still in force stays: the user came from a usual address.
      const lockLifted = user.status === 'locked' && !isLocked(user.status, user.locked_until, now);
      if (lockLifted) await this.users.update(tx.manager, user.id, { status: 'active', locked_until: null });
      await this.users.recordSignIn(tx.manager, user.id, now);
      await this.throttles.settleSuccess(tx.manager, accountKey, addressKey, admitted.address !== undefined);
      await this.usualAddresses.remember(tx.manager, user.id, addressKey, now);
      const sessionId = uuidv7();
      const sessionExpiresAt = new Date(now.getTime() + this.config.auth.sessionAbsoluteTtlSeconds * 1000);
      const refresh = this.tokens.newRefreshToken();
      await this.sessions.create(
        tx.manager,
        { id: sessionId, userId: user.id, expiresAt: sessionExpiresAt, ip, userAgent },
        refresh.hash,
      );
      tx.record(new LoginSucceeded(sessionId, user.id));
      return { ok: true as const, userId: user.id, sessionId, sessionExpiresAt, refreshToken: refresh.token, lockLifted };
    });

    if (!outcome.ok) {
      if (outcome.lockedBy && outcome.userId) {
        this.metrics.accountLocks.inc({ cause: outcome.lockedBy });
        await this.authState.forgetUsers([outcome.userId]);
      }
      // Exempted from the address's throttle (a usual address): a wrong password answers as that throttle would.
      const exemption = admitted.admission.exemptedFrom;
      if (exemption) {
        this.metrics.signInThrottled.inc({ limit: exemption.limit });
        throw new SignInThrottledError(exemption.retryAfterSeconds);
      }
      throw new InvalidCredentialsError();
    }
    if (outcome.lockLifted) await this.authState.forgetUsers([outcome.userId]);
    const expiresAt = accessTokenExpiry(now, this.config.auth.accessTokenTtlSeconds, outcome.sessionExpiresAt);
    return {
      accessToken: await this.tokens.signAccessToken({ userId: outcome.userId, sessionId: outcome.sessionId }, expiresAt),
      refreshToken: outcome.refreshToken,
      tokenType: 'Bearer',
      expiresIn: Math.floor((expiresAt.getTime() - now.getTime()) / 1000),
    };
  }

  /** Step 1: refuse (audited, nothing else written) or count the attempt, before any hashing. */
  private admit(
    actor: Actor,
    accountKey: string,
    addressKey: string,
    candidate: UserRow | undefined,
    now: Date,
  ): Promise<Admitted | Refused> {
    const policy = this.config.auth.signInThrottle;
    return this.uow.run(actor, async (tx) => {
      const usualSince = new Date(now.getTime() - policy.usualAddressDays * DAY_MS);
      const usualAddress = candidate
        ? await this.usualAddresses.isUsual(tx.manager, candidate.id, addressKey, usualSince)
        : false;
      const counts = await this.throttles.lock(tx.manager, accountKey, addressKey, now);
      const admission = admitAttempt({ ...counts, usualAddress }, now, policy);
      if (!admission.admitted) {
        // The throttle counts stay as they are (the refusal was no guess), so waiting out Retry-After always helps.
        tx.record(new LoginFailed(accountKey, 'throttled', candidate?.id ?? null));
        return { refused: admission };
      }
      const accountAddress = countFailure(counts.accountAddress, now, policy);
      // Exempted attempts are not counted on the address: their own count (account and address) bounds them.
      const address = admission.exemptedFrom ? undefined : countFailure(counts.address, now, policy);
      await this.throttles.save(tx.manager, accountKey, addressKey, { accountAddress, address });
      return { admission, usualAddress, accountAddress, address };
    });
  }

  /** Counts a failed password on the account; locks it hard when the policy says so (and it is not locked yet). */
  private async countAccountFailure(
    tx: TransactionContext,
    user: UserRow,
    accountKey: string,
    now: Date,
  ): Promise<LockCause | undefined> {
    const policy = this.config.auth.lockout;
    const state = { failedCount: user.failed_login_count, firstFailedAt: user.first_failed_login_at };
    const windowStart = windowOpen(state, now, policy) ? state.firstFailedAt! : now;
    const distinctAddresses = await this.throttles.distinctAddresses(tx.manager, accountKey, windowStart);
    const failure = registerFailure(state, distinctAddresses, now, policy);
    await this.users.recordLoginState(tx.manager, user.id, failure);
    if (!failure.lock || isLocked(user.status, user.locked_until, now)) return undefined;
    const version = await this.users.update(tx.manager, user.id, { status: 'locked', locked_until: failure.lock.until });
    tx.record(
      new AccountLocked(user.id, version, {
        cause: failure.lock.cause,
        failedAttempts: failure.failedCount,
        distinctAddresses,
        lockedUntil: failure.lock.until,
      }),
    );
    return failure.lock.cause;
  }

  /** The throttles this failure started: the one that used up the free failures of a count. */
  private throttleEvents(accountKey: string, user: UserRow | undefined, attempt: Admitted): DomainEvent<unknown>[] {
    const policy = this.config.auth.signInThrottle;
    const started = (limit: 'account-address' | 'address', count: ThrottleCount | undefined, free: number) =>
      count?.failures === free
        ? [
            new SignInThrottled(accountKey, {
              limit,
              userId: user?.id ?? null,
              failures: count.failures,
              delaySeconds: delayAfter(count.failures, free, policy.maxDelaySeconds),
            }),
          ]
        : [];
    return [
      ...started('account-address', attempt.accountAddress, policy.accountAddressFreeFailures),
      ...started('address', attempt.address, policy.addressFreeFailures),
    ];
  }
}
