import { type JwtModuleOptions, JwtSecretRequestType } from '@nestjs/jwt';
import type { AppConfig } from '../../../config/app-config.js';
import { InvalidTokenError } from '../domain/auth-errors.js';
import { ACCESS_TOKEN_ALGORITHM, AccessTokenKeyring } from './access-token-keyring.js';

/**
 * What verifying an access token checks besides the signature, for JwtService and the
 * passport strategy alike: HS256 only, our issuer and audience. jsonwebtoken checks
 * `exp` and `nbf` whenever present; the strategy requires `exp` and `iat`.
 */
export function accessTokenVerifyOptions(auth: AppConfig['auth']): {
  algorithms: (typeof ACCESS_TOKEN_ALGORITHM)[];
  issuer: string;
  audience: string;
} {
  return { algorithms: [ACCESS_TOKEN_ALGORITHM], issuer: auth.jwtIssuer, audience: auth.jwtAudience };
}

/** JwtModule's options: HS256 pinned both ways; the first key of JWT_KEYS signs, the token's `kid` picks the key that verifies. */
export function accessTokenJwtOptions(auth: AppConfig['auth']): JwtModuleOptions {
  const keyring = new AccessTokenKeyring(auth.jwtKeys);
  const verifyOptions = accessTokenVerifyOptions(auth);
  return {
    signOptions: {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      keyid: keyring.signingKid,
      issuer: verifyOptions.issuer,
      audience: verifyOptions.audience,
    },
    verifyOptions,
    secretOrKeyProvider: (requestType, tokenOrPayload) => {
      if (requestType === JwtSecretRequestType.SIGN) return keyring.signingKey;
      const key = typeof tokenOrPayload === 'string' ? keyring.keyFor(tokenOrPayload) : undefined;
      if (!key) throw new InvalidTokenError();
      return key;
    },
  };
}
