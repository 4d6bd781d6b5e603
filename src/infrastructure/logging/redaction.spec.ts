import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { MAX_REDACTION_DEPTH, REDACTED, redactionPaths, redactPersonalData } from './redaction.js';

describe('redactPersonalData', () => {
  it('replaces sensitive fields at the top level and at any depth, in arrays too', () => {
    const logged = {
      email: 'a@example.test',
      patient: { id: 'p1', contact: { details: { deeper: { lastName: 'Quintela', phone: '+351 21 555 0101' } } } },
      rows: [{ nationalId: 'QX1', mrn: 'MRN0000000018' }],
      headers: { authorization: 'Bearer abc', accept: 'application/json' },
    };
    expect(redactPersonalData(logged)).toEqual({
      email: REDACTED,
      patient: { id: 'p1', contact: { details: { deeper: { lastName: REDACTED, phone: REDACTED } } } },
      rows: [{ nationalId: REDACTED, mrn: 'MRN0000000018' }],
      headers: { authorization: REDACTED, accept: 'application/json' },
    });
  });

  it('never changes the caller’s objects, and returns an object with nothing to redact as it is', () => {
    const inner = { firstName: 'Marta' };
    const logged = { patient: inner, count: 2 };
    const redacted = redactPersonalData(logged);
    expect(inner.firstName).toBe('Marta');
    expect(redacted.patient).not.toBe(inner);
    const clean = { route: '/api/v1/patients/:id', res: { statusCode: 200 }, items: [1, 2] };
    expect(redactPersonalData(clean)).toBe(clean);
  });

  it('searches error properties and keeps the error an error', () => {
    const error = Object.assign(new Error('lookup failed'), { email: 'a@example.test', code: 'X' });
    const { err } = redactPersonalData({ err: error });
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('lookup failed');
    expect(err.stack).toBe(error.stack);
    expect((err as unknown as Record<string, unknown>).email).toBe(REDACTED);
    expect(error.email).toBe('a@example.test');
  });

  it('drops the arguments of a failed Redis command, such as the password AUTH sent', () => {
    // What ioredis rejects a refused AUTH with.
    const refused = Object.assign(new Error('WRONGPASS invalid username-password pair or user is disabled.'), {
      command: { name: 'auth', args: ['hms', 'a-redis-password'] },
    });
    const { err } = redactPersonalData({ err: refused });
    expect((err as unknown as { command: unknown }).command).toEqual({ name: 'auth', args: REDACTED });
    expect(JSON.stringify({ ...err })).not.toContain('a-redis-password');
  });

  it('leaves requests, responses and sockets to their serializers, and survives cycles', () => {
    const res = Object.assign(new EventEmitter(), { email: 'kept for the serializer to drop' });
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    const redacted = redactPersonalData({ res, cyclic, when: new Date(0) });
    expect(redacted.res).toBe(res);
    expect(redacted.cyclic).toBe(cyclic);
  });

  it('replaces what is nested deeper than it searches', () => {
    let nested: Record<string, unknown> = { lastName: 'Quintela' };
    for (let i = 0; i < MAX_REDACTION_DEPTH + 2; i += 1) nested = { level: nested };
    expect(JSON.stringify(redactPersonalData(nested))).not.toContain('Quintela');
  });
});

describe('redactionPaths', () => {
  it('names keys exactly: no wildcard path that would make pino search every key of every line', () => {
    expect(redactionPaths().some((path) => path.includes('*'))).toBe(false);
    expect(redactionPaths()).toEqual(expect.arrayContaining(['email', 'lastName', 'req.headers.authorization']));
  });
});
