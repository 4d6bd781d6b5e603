import { describe, expect, it } from '@jest/globals';
import { addressBucket } from './address-bucket.js';

describe('addressBucket', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(addressBucket('10.1.2.3')).toBe('10.1.2.3');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressBucket('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressBucket('::FFFF:0a01:0203')).toBe('10.1.2.3');
  });

  it('counts every IPv6 address of one /64 as one client, whatever its spelling', () => {
    const one = addressBucket('2001:db8:aa:bb:1:2:3:4');
    expect(one).toBe('2001:db8:aa:bb::/64');
    expect(addressBucket('2001:0db8:00aa:00bb:ffff:ffff:ffff:ffff')).toBe(one);
    expect(addressBucket('2001:db8:aa:bb::9')).toBe(one);
    expect(addressBucket('2001:DB8:AA:BB::9%eth0')).toBe(one);
    expect(addressBucket('2001:db8:aa:bc::9')).not.toBe(one);
  });

  it('reads compressed forms and embedded IPv4 tails', () => {
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('counts what it cannot read as itself, and no address as unknown', () => {
    expect(addressBucket('2001:db8::1::2')).toBe('2001:db8::1::2');
    expect(addressBucket('1:2:3:4:5:6:7')).toBe('1:2:3:4:5:6:7');
    expect(addressBucket('::ffff:300.1.1.1')).toBe('::ffff:300.1.1.1');
    expect(addressBucket(undefined)).toBe('unknown');
    expect(addressBucket('')).toBe('unknown');
  });
});
