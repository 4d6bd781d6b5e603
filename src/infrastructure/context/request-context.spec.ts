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
    const seen = await Promise.all(
      ['a', 'b'].map((id) =>
        RequestContext.run({ correlationId: id }, async () => {
          await new Promise((resolve) => setTimeout(resolve, id === 'a' ? 10 : 1));
          return RequestContext.correlationId();
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b']);
    expect(RequestContext.current()).toBeUndefined();
  });
});
