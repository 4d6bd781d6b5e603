import { describe, expect, it } from '@jest/globals';
import { isAllowedHost } from './trusted-host.middleware.js';

describe('isAllowedHost', () => {
  const allowed = ['localhost', '[::1]', '.hospital.example'];

  it.each(['localhost', 'localhost:3000', '[::1]:3000', 'hospital.example', 'api.hospital.example:443'])('allows %s', (host) => {
    expect(isAllowedHost(host, allowed)).toBe(true);
  });

  it.each([undefined, '', 'evil.example', 'hospital.example.evil.example', 'notlocalhost', 'xhospital.example'])(
    'refuses %s',
    (host) => {
      expect(isAllowedHost(host, allowed)).toBe(false);
    },
  );

  it('allows everything with *', () => {
    expect(isAllowedHost('anything.example', ['*'])).toBe(true);
  });
});
