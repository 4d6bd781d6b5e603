import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
}

/** Why a token carrying our signature was refused: outside its validity window, or a claim we do not accept (issuer, audience...). */
export type SignedTokenRefusal = 'token-expired' | 'token-not-yet-valid' | 'token-claims-invalid';

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
   * For a token the strategy refused: whose it is and why, when it carries
   * our signature (HS256, a key of JWT_KEYS named by its `kid`). Its `sub` is
   * then one we signed, and may be audited; a forged token's is anyone's.
   * Undefined for a token without our signature.
   */
  signedRefusalOf(token: string, nowMs = Date.now()): { userId: string; reason: SignedTokenRefusal } | undefined {
    let payload: { sub?: unknown; exp?: unknown; nbf?: unknown };
    try {
      // The signature check alone: the claims are what the strategy refused, sorted out below.
      payload = this.jwt.verify(token, { ignoreExpiration: true, ignoreNotBefore: true, issuer: undefined, audience: undefined });
    } catch {
      return undefined;
    }
    if (typeof payload.sub !== 'string') return undefined;
    const now = Math.floor(nowMs / 1000);
    if (typeof payload.exp === 'number' && now >= payload.exp) return { userId: payload.sub, reason: 'token-expired' };
    if (typeof payload.nbf === 'number' && payload.nbf > now) return { userId: payload.sub, reason: 'token-not-yet-valid' };
    return { userId: payload.sub, reason: 'token-claims-invalid' };
  }

  newRefreshToken(): { token: string; hash: Buffer } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: TokenService.hashRefreshToken(token) };
  }

  static hashRefreshToken(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }
}
