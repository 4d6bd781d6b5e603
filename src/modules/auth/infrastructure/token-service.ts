import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { InvalidTokenError } from '../domain/auth-errors.js';

/** The only algorithm we sign with or accept: `alg: none`, RS/ES and any other are refused. */
const ALGORITHM = 'HS256';
/** Verified tokens remembered until they expire; the oldest is dropped beyond this. */
const VERIFIED_TOKENS_KEPT = 10_000;
const EXPIRED = 'The access token has expired; refresh it';

export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
}

/**
 * Access tokens: short-lived HS256 JWTs carrying user and session ids (not
 * permissions, which are read fresh on every request). `kid` names the key,
 * so keys rotate: the first key of JWT_KEYS signs, all of them verify.
 * Refresh tokens: 256 random bits, opaque, stored only as a SHA-256 hash.
 */
@Injectable()
export class TokenService {
  /** Imported once: given raw bytes, jose imports the key again on every call (a third of a verification's cost). */
  private readonly keys: Map<string, Promise<webcrypto.CryptoKey>>;
  private readonly signingKid: string;
  /**
   * Tokens whose signature and claims were checked, with their expiry. A
   * front-end sends the same token with every request of its lifetime; the
   * signature check was a tenth of a read's CPU. Keyed by the whole token,
   * signature included, so only the exact bytes verified before are found.
   * The session and the user's state are still checked on every request.
   */
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.keys = new Map(
      config.auth.jwtKeys.map((k) => [
        k.id,
        webcrypto.subtle.importKey('raw', new Uint8Array(k.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
      ]),
    );
    this.signingKid = config.auth.jwtKeys[0].id;
  }

  async signAccessToken(claims: AccessClaims, expiresAt: Date): Promise<string> {
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.signingKid, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.config.auth.jwtIssuer)
      .setAudience(this.config.auth.jwtAudience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.keys.get(this.signingKid)!);
  }

  async verifyAccessToken(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.claims;
      this.verified.delete(token);
      throw new InvalidTokenError(EXPIRED);
    }
    try {
      const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: [ALGORITHM],
        issuer: this.config.auth.jwtIssuer,
        audience: this.config.auth.jwtAudience,
        requiredClaims: ['sub', 'exp', 'iat'],
        typ: 'JWT',
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw new InvalidTokenError();
      const claims = { userId: payload.sub, sessionId: payload.sid };
      this.remember(token, claims, payload.exp! * 1000);
      return claims;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidTokenError(EXPIRED);
      throw new InvalidTokenError();
    }
  }

  private remember(token: string, claims: AccessClaims, expiresAtMs: number): void {
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      // A Map iterates in insertion order: the first key is the oldest.
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, { claims, expiresAtMs });
  }

  private keyFor(header: JWTHeaderParameters): Promise<webcrypto.CryptoKey> {
    const key = header.kid ? this.keys.get(header.kid) : undefined;
    if (!key) throw new InvalidTokenError();
    return key;
  }

  newRefreshToken(): { token: string; hash: Buffer } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: TokenService.hashRefreshToken(token) };
  }

  static hashRefreshToken(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }
}
