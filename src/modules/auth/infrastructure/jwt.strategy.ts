import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { InvalidTokenError } from '../domain/auth-errors.js';
import { accessTokenVerifyOptions } from './access-token-jwt-options.js';
import { AccessTokenKeyring } from './access-token-keyring.js';
import type { VerifiedAccessToken } from './verified-token-cache.js';
import { bearerTokenOf } from './bearer-token.js';

/**
 * The bearer check as passport's 'jwt' strategy. passport-jwt verifies the
 * token with jsonwebtoken: HS256 only, the key its `kid` names (none or an
 * unknown one: refused), issuer, audience, `exp` and `nbf`; validate() then
 * requires the claims we sign. Passport keeps strategies in one registry per
 * process, by name, so this holds configuration only, no request state.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const keyring = new AccessTokenKeyring(config.auth.jwtKeys);
    super({
      jwtFromRequest: bearerTokenOf,
      secretOrKeyProvider: (_req: unknown, token: string, done: (err: unknown, key?: Buffer) => void) => {
        const key = keyring.keyFor(token);
        // jsonwebtoken takes the KeyObject as it is; passport-jwt's types only name strings and Buffers.
        if (key) done(null, key as unknown as Buffer);
        else done(new InvalidTokenError());
      },
      ...accessTokenVerifyOptions(config.auth),
    });
  }

  validate(payload: { sub?: unknown; sid?: unknown; exp?: unknown; iat?: unknown }): VerifiedAccessToken {
    const { sub, sid, exp, iat } = payload;
    // jsonwebtoken checks exp only when present: ours always carry it, and iat.
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number' || typeof iat !== 'number') {
      throw new InvalidTokenError();
    }
    return { userId: sub, sessionId: sid, expiresAtMs: exp * 1000 };
  }
}
