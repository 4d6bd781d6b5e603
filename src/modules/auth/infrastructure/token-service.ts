import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
}

/** Why a token whose signature and claims hold was still refused: it is outside its validity window. */
export type TokenTimeRefusal = 'token-expired' | 'token-not-yet-valid';

/**
 * Access tokens: short-lived HS256 JWTs carrying user and session ids (not
 * permissions, which are read fresh on every request), signed by JwtService
 * with the options of access-token-jwt-options.ts. Requests are verified by
 * the passport strategy (JwtStrategy). Refresh tokens: 256 random bits,
 * opaque, stored only as a SHA-256 hash.
 */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  signAccessToken(claims: AccessClaims, expiresAt: Date): Promise<string> {
    // iat is added by jsonwebtoken; exp is given as a date because it may be capped by the session's end.
    return this.jwt.signAsync({ sid: claims.sessionId, exp: Math.floor(expiresAt.getTime() / 1000) }, { subject: claims.userId });
  }

  /**
   * For a token the strategy refused: whose it is and why, when all that is
   * wrong with it is time (expired, or not valid yet). Its signature, key,
   * algorithm, issuer and audience were then checked, so its `sub` is one we
   * signed and may be audited. Undefined for any other refusal.
   */
  timeRefusalOf(token: string, nowMs = Date.now()): { userId: string; reason: TokenTimeRefusal } | undefined {
    let payload: { sub?: unknown; exp?: unknown; nbf?: unknown };
    try {
      payload = this.jwt.verify(token, { ignoreExpiration: true, ignoreNotBefore: true });
    } catch {
      return undefined;
    }
    if (typeof payload.sub !== 'string') return undefined;
    const now = Math.floor(nowMs / 1000);
    if (typeof payload.exp === 'number' && now >= payload.exp) return { userId: payload.sub, reason: 'token-expired' };
    if (typeof payload.nbf === 'number' && payload.nbf > now) return { userId: payload.sub, reason: 'token-not-yet-valid' };
    return undefined;
  }

  newRefreshToken(): { token: string; hash: Buffer } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: TokenService.hashRefreshToken(token) };
  }

  static hashRefreshToken(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }
}
