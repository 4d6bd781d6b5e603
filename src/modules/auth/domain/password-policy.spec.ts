import { describe, expect, it } from '@jest/globals';
import { checkPassword } from './password-policy.js';

const messages = (password: string, email = 'ward.nurse@hospital.example') =>
  checkPassword(password, email).map((p) => p.message);

describe('checkPassword', () => {
  it('accepts a long, uncommon passphrase', () => {
    expect(messages('amber kettle sings at dawn')).toEqual([]);
  });

  it.each([
    ['short1!', 'must be at least 12 characters long'],
    ['x'.repeat(129) + 'Ab1', 'must be at most 128 characters long'],
    ['Password1234', 'is too common'],
    ['ward.nurse@hospital.example', 'must not be or contain the email address'],
    ['my-ward.nurse-secret', 'must not be or contain the email address'],
    ['zzzzzzzzzzzzzzz', 'must not repeat a single character'],
    ['abcdefghijklmnop', 'must not be a keyboard or alphabet sequence'],
  ])('%j breaks the rule "%s"', (password, message) => {
    expect(messages(password)).toContain(message);
  });

  it('never echoes the password in its messages', () => {
    const secret = 'short';
    expect(JSON.stringify(checkPassword(secret, 'a@b.c'))).not.toContain(secret);
  });
});
