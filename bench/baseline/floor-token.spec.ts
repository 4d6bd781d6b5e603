import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { verifyHs256 } from './floor-token.js';

const secret = Buffer.alloc(32, 7);
const keys = new Map([['k1', createSecretKey(secret)]]);
const now = Date.UTC(2026, 11, 7, 12);
const exp = Math.floor(now / 1000) + 60;
const sign = (payload: object, options: jwt.SignOptions = {}, key: Buffer = secret) =>
  jwt.sign(payload, key, { algorithm: 'HS256', keyid: 'k1', ...options });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the floor token check', () => {
  it('answers the subject of a valid HS256 token signed with the key its kid names', () => {
    expect(verifyHs256(sign({ sub: 'user-1', exp }), keys, now)).toBe('user-1');
  });

  it.each([
    ['an expired token', () => sign({ sub: 'user-1', exp: Math.floor(now / 1000) })],
    ['no exp', () => sign({ sub: 'user-1' }, { noTimestamp: true })],
    ['no subject', () => sign({ exp })],
    ['another key', () => sign({ sub: 'user-1', exp }, {}, Buffer.alloc(32, 8))],
    ['an unknown kid', () => sign({ sub: 'user-1', exp }, { keyid: 'k2' })],
    ['a kid inherited from Object', () => sign({ sub: 'user-1', exp }, { keyid: 'constructor' })],
    ['HS384', () => jwt.sign({ sub: 'user-1', exp }, secret, { algorithm: 'HS384', keyid: 'k1' })],
    ['alg none', () => `${b64({ alg: 'none', kid: 'k1' })}.${b64({ sub: 'user-1', exp })}.`],
    [
      'a payload changed after signing',
      () => {
        const [header, , signature] = sign({ sub: 'user-1', exp }).split('.');
        return `${header}.${b64({ sub: 'user-2', exp })}.${signature}`;
      },
    ],
    ['a truncated signature', () => sign({ sub: 'user-1', exp }).slice(0, -2)],
    ['not a JWT', () => 'not-a-token'],
  ])('refuses %s', (_, token) => {
    expect(verifyHs256(token(), keys, now)).toBeUndefined();
  });
});
