import { describe, expect, it } from '@jest/globals';
import { AccessTokenKeyring } from './access-token-keyring.js';

const header = (value: unknown) => `${Buffer.from(JSON.stringify(value)).toString('base64url')}.e30.c2ln`;

describe('AccessTokenKeyring', () => {
  const keyring = new AccessTokenKeyring([
    { id: 'current', secret: Buffer.alloc(32, 1) },
    { id: 'retired', secret: Buffer.alloc(32, 2) },
  ]);

  it('signs with the first key and finds every key by the kid a token names', () => {
    expect(keyring.signingKid).toBe('current');
    expect(keyring.signingKey.export()).toEqual(Buffer.alloc(32, 1));
    expect(keyring.keyFor(header({ alg: 'HS256', typ: 'JWT', kid: 'retired' }))?.export()).toEqual(Buffer.alloc(32, 2));
  });

  it.each([
    ['no kid', header({ alg: 'HS256', typ: 'JWT' })],
    ['an unknown kid', header({ alg: 'HS256', typ: 'JWT', kid: 'someone-elses' })],
    ['a kid that is not a string', header({ alg: 'HS256', typ: 'JWT', kid: 1 })],
    ['a kid inherited from Object', header({ alg: 'HS256', typ: 'JWT', kid: 'constructor' })],
    ['no typ', header({ alg: 'HS256', kid: 'current' })],
    ['another typ', header({ alg: 'HS256', typ: 'at+jwt', kid: 'current' })],
    ['a header that is not JSON', 'bm90IGpzb24.e30.c2ln'],
    ['a header that is JSON null', header(null)],
    ['no header at all', '.e30.c2ln'],
    ['no dots', 'garbage'],
  ])('gives no key for %s', (_name, token) => {
    expect(keyring.keyFor(token)).toBeUndefined();
  });

  it('refuses an empty key list', () => {
    expect(() => new AccessTokenKeyring([])).toThrow(/JWT_KEYS/);
  });
});
