import { describe, expect, it } from '@jest/globals';
import { isSaneRequestId, RequestContext } from './request-context.js';

describe('isSaneRequestId', () => {
  it.each(['abc', '0f8fad5b-d9cb-469f-a165-70867728950e', 'trace:1234/abcd', 'a'.repeat(128)])('accepts %s', (id) => {
    expect(isSaneRequestId(id)).toBe(true);
  });

  it.each(['', ' ', 'a b', '<script>', 'a'.repeat(129), 'x\ny', '-leading-dash', "' OR 1=1 --"])('rejects %j', (id) => {
    expect(isSaneRequestId(id)).toBe(false);
  });
});

describe('RequestContext', () => {
  it('keeps the context across awaits and isolates concurrent runs', async () => {
    // The runs interleave by construction: a stays suspended until b, mid-run, lets it go on.
    let releaseA!: () => void;
    const aMayGoOn = new Promise<void>((resolve) => (releaseA = resolve));
    const a = RequestContext.run({ correlationId: 'a' }, async () => {
      await aMayGoOn;
      return RequestContext.correlationId();
    });
    const b = RequestContext.run({ correlationId: 'b' }, async () => {
      await Promise.resolve();
      releaseA();
      await aMayGoOn;
      return RequestContext.correlationId();
    });
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(RequestContext.current()).toBeUndefined();
  });
});
