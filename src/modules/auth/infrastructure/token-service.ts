import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { InvalidTokenError } from '../domain/auth-errors.js';

/** The only algorithm we sign with or accept: `alg: none`, RS/ES and any other are refused. */
const ALGORITHM = 'HS256';

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
  private readonly keys: Map<string, Uint8Array>;
  private readonly signingKid: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.keys = new Map(config.auth.jwtKeys.map((k) => [k.id, new Uint8Array(k.secret)]));
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
      .sign(this.keys.get(this.signingKid)!);
  }

  async verifyAccessToken(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: [ALGORITHM],
        issuer: this.config.auth.jwtIssuer,
        audience: this.config.auth.jwtAudience,
        requiredClaims: ['sub', 'exp', 'iat'],
        typ: 'JWT',
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw new InvalidTokenError();
      return { userId: payload.sub, sessionId: payload.sid };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidTokenError('The access token has expired; refresh it');
      throw new InvalidTokenError();
    }
  }

  private keyFor(header: JWTHeaderParameters): Uint8Array {
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
