import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../../../config/app-config.js';
import { accessTokenJwtOptions } from './access-token-jwt-options.js';
import { TokenService } from './token-service.js';

const auth = {
  jwtKeys: [
    { id: 'current', secret: Buffer.alloc(32, 1) },
    { id: 'retired', secret: Buffer.alloc(32, 2) },
  ],
  jwtIssuer: 'hms',
  jwtAudience: 'hms-api',
} as unknown as AppConfig['auth'];

const jwt = new JwtService(accessTokenJwtOptions(auth));
const tokens = new TokenService(jwt);
const now = Math.floor(Date.now() / 1000);
const decoded = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString());
const parts = (token: string) => token.split('.').slice(0, 2).map(decoded);

/** Signed by an independent JwtService, with whatever key, algorithm and claims a test needs. */
const other = new JwtService();
const sign = (
  claims: Record<string, unknown>,
  {
    secret = auth.jwtKeys[0].secret,
    algorithm = 'HS256' as const,
    keyid = 'current',
  }: { secret?: Buffer; algorithm?: 'HS256' | 'HS512'; keyid?: string } = {},
) =>
  other.sign(
    { sub: 'user-1', sid: 'session-1', iss: 'hms', aud: 'hms-api', iat: now, exp: now + 600, ...claims },
    { secret, algorithm, keyid },
  );

describe('TokenService', () => {
  it('signs HS256 with the first key, naming it by kid, with only the claims the guard needs', async () => {
    const token = await tokens.signAccessToken({ userId: 'user-1', sessionId: 'session-1' }, new Date((now + 900) * 1000));
    const [header, claims] = parts(token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'current' });
    expect(claims).toEqual({
      sub: 'user-1',
      sid: 'session-1',
      iss: 'hms',
      aud: 'hms-api',
      iat: expect.any(Number),
      exp: now + 900,
    });
    expect(jwt.verify(token)).toMatchObject({ sub: 'user-1' });
  });

  it('verifies with the key the kid names, retired keys included, and with no other', () => {
    expect(jwt.verify(sign({}, { secret: auth.jwtKeys[1].secret, keyid: 'retired' }))).toMatchObject({ sub: 'user-1' });
    const verify = (token: string) => () => void jwt.verify(token);
    expect(verify(sign({}, { secret: auth.jwtKeys[1].secret, keyid: 'current' }))).toThrow();
    expect(verify(sign({}, { keyid: 'unknown' }))).toThrow();
    expect(verify(sign({}, { algorithm: 'HS512' }))).toThrow();
  });

  describe('signedRefusalOf', () => {
    it.each([
      ['expired', { iat: now - 3600, exp: now - 60 }, 'token-expired'],
      ['not valid yet', { nbf: now + 300 }, 'token-not-yet-valid'],
      ['for another issuer', { iss: 'evil' }, 'token-claims-invalid'],
      ['for another audience', { aud: 'another-api' }, 'token-claims-invalid'],
    ])('names the user and the reason of a token of ours %s', (_name, claims, reason) => {
      expect(tokens.signedRefusalOf(sign(claims))).toEqual({ userId: 'user-1', reason });
    });

    it.each([
      ['signed with another key', sign({ exp: now - 60 }, { secret: Buffer.alloc(32, 9) })],
      ['signed with HS512 and our key', sign({ exp: now - 60 }, { algorithm: 'HS512' })],
      ['naming an unknown kid', sign({ exp: now - 60 }, { keyid: 'unknown' })],
      [
        'unsigned',
        `${Buffer.from('{"alg":"none","typ":"JWT","kid":"current"}').toString('base64url')}.${Buffer.from(`{"sub":"user-1","exp":${now - 60}}`).toString('base64url')}.`,
      ],
      ['that is not a JWT', 'not.a.jwt'],
    ])('trusts nothing of a token %s', (_name, token) => {
      expect(tokens.signedRefusalOf(token)).toBeUndefined();
    });
  });
});
