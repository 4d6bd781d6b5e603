import { Injectable } from '@nestjs/common';

/** What a verified access token says: whose it is, which session, and until when it holds. */
export interface VerifiedAccessToken {
  readonly userId: string;
  readonly sessionId: string;
  readonly expiresAtMs: number;
}

/** Verified tokens remembered until they expire; the oldest is dropped beyond this. */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Tokens whose signature and claims were checked. A front-end sends the same
 * token with every request of its lifetime, and the check was a tenth of a
 * read's CPU. Keyed by the whole token, signature included, so only the exact
 * bytes verified before are found. The session and the user's state are still
 * checked on every request. Keys change only with a restart, which empties it.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly verified = new Map<string, VerifiedAccessToken>();

  /** The token as verified before, expired or not (the caller refuses an expired one), or undefined. */
  get(token: string): VerifiedAccessToken | undefined {
    return this.verified.get(token);
  }

  remember(token: string, verified: VerifiedAccessToken): void {
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      // A Map iterates in insertion order: the first key is the oldest.
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, verified);
  }

  forget(token: string): void {
    this.verified.delete(token);
  }
}
