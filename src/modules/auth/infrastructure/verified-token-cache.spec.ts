import { describe, expect, it } from '@jest/globals';
import { VerifiedTokenCache } from './verified-token-cache.js';

const verified = (n: number) => ({ userId: `u${n}`, sessionId: `s${n}`, expiresAtMs: n });

describe('VerifiedTokenCache', () => {
  it('finds a token by its exact bytes, until forgotten', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('a.b.c', verified(1));
    expect(cache.get('a.b.c')).toEqual(verified(1));
    expect(cache.get('a.b.d')).toBeUndefined();
    cache.forget('a.b.c');
    expect(cache.get('a.b.c')).toBeUndefined();
  });

  it('keeps at most 10,000 tokens, dropping the oldest first', () => {
    const cache = new VerifiedTokenCache();
    for (let i = 0; i < 10_001; i += 1) cache.remember(`t${i}`, verified(i));
    expect(cache.get('t0')).toBeUndefined();
    expect(cache.get('t1')).toEqual(verified(1));
    expect(cache.get('t10000')).toEqual(verified(10_000));
  });
});
