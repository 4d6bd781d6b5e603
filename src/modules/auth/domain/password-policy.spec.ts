import { describe, expect, it } from '@jest/globals';
import { checkPassword, PASSWORD_MIN_STRENGTH, type PasswordOwner } from './password-policy.js';

const nurse: PasswordOwner = { email: 'ward.nurse@hospital.example', displayName: 'Ingrid Haverkamp' };
const messages = async (password: string, owner = nurse) => (await checkPassword(password, owner)).map((p) => p.message);
const tooEasy = expect.stringMatching(/^is too easy to guess: \S/);

describe('checkPassword', () => {
  it('accepts long, uncommon passphrases', async () => {
    expect(await messages('amber kettle sings at dawn')).toEqual([]);
    expect(await messages('granite orchard lantern 1907')).toEqual([]);
  });

  it('requires zxcvbn strength 3 of 4', () => {
    expect(PASSWORD_MIN_STRENGTH).toBe(3);
  });

  it.each(['P@ssw0rd123!', 'Summer2024!', 'qwertyuiop123', 'Password1234', 'iloveyou123456', '1q2w3e4r5t6y7u'])(
    'refuses the breached or common %j as too easy to guess',
    async (password) => {
      expect(await messages(password)).toContainEqual(tooEasy);
    },
  );

  it('says why, in plain English from the language package', async () => {
    expect(await messages('P@ssw0rd123!')).toEqual([
      expect.stringMatching(/^is too easy to guess: This is (similar to )?a commonly used password\./),
    ]);
    expect(await messages('zzzzzzzzzzzzzzz')).toEqual([
      expect.stringContaining('Repeated characters like "aaa" are easy to guess.'),
    ]);
    expect(await messages('abcdefghijklmnop')).toEqual([expect.stringContaining('Common character sequences like "abc"')]);
  });

  it.each([
    ['the email local part without its dot', 'wardnurse2024!'],
    ['the display name', 'IngridHaverkamp1!'],
  ])('refuses a password built from %s', async (_, password) => {
    expect(await messages(password)).toEqual([expect.stringContaining('There should not be any personal or page related data.')]);
    // The same password is fine for someone else: it is the owner's own words that make it weak.
    expect(await messages(password, { email: 'someone.else@clinic.example', displayName: 'Bo Lee' })).toEqual([]);
  });

  it.each([
    ['short1!', 'must be at least 12 characters long'],
    ['x'.repeat(129) + 'Ab1', 'must be at most 128 characters long'],
    ['ward.nurse@hospital.example', 'must not be or contain the email address'],
    ['my-ward.nurse-secret', 'must not be or contain the email address'],
  ])('%j breaks the rule "%s"', async (password, message) => {
    expect(await messages(password)).toContain(message);
  });

  it.each(['short', 'P@ssw0rd123!', 'wardnurse2024!', 'IngridHaverkamp1!', 'Summer2024!'])(
    'never echoes the password %j nor the owner’s email or name',
    async (password) => {
      const text = JSON.stringify(await checkPassword(password, nurse)).toLowerCase();
      for (const secret of [password, 'ward.nurse', 'wardnurse', 'ingrid', 'haverkamp', 'hospital.example']) {
        expect(text).not.toContain(secret.toLowerCase());
      }
    },
  );
});
