import { describe, expect, it } from '@jest/globals';
import { HttpStatus } from '@nestjs/common';
import { checkContexts } from './check-contexts.js';
import type { AnyContextDescriptor } from './context-descriptor.js';

const ROLES = { all: ['admin', 'nurse'], admin: 'admin' };

function context(name: string, parts: Partial<AnyContextDescriptor> = {}): AnyContextDescriptor {
  return {
    name,
    modules: () => [],
    permissions: [{ name: `${name}:read`, description: 'Read', scopes: ['hospital', 'all'] }],
    defaultGrants: {},
    errorStatus: { [`${name.toUpperCase()}.GONE`]: HttpStatus.GONE },
    openApiTags: [{ name, description: name }],
    queues: [],
    cliCommands: {},
    ...parts,
  };
}

const refusal = (contexts: AnyContextDescriptor[]) => {
  try {
    checkContexts(contexts, ROLES);
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('checkContexts', () => {
  it('accepts descriptors that agree, and answers them', () => {
    const contexts = [context('wards', { defaultGrants: { nurse: ['wards:read:hospital'] } }), context('beds')];
    expect(checkContexts(contexts, ROLES)).toBe(contexts);
  });

  it('refuses an error code two contexts map', () => {
    const message = refusal([context('wards'), context('beds', { errorStatus: { 'WARDS.GONE': HttpStatus.NOT_FOUND } })]);
    expect(message).toContain('error code "WARDS.GONE" is declared by both wards and beds');
  });

  it('refuses a context mapping a common code', () => {
    expect(refusal([context('wards', { errorStatus: { 'COMMON.NOT_FOUND': HttpStatus.GONE } })])).toContain(
      'wards maps COMMON.NOT_FOUND',
    );
  });

  it.each([
    ['permission', { permissions: context('wards').permissions }, 'permission "wards:read"'],
    ['OpenAPI tag', { openApiTags: [{ name: 'wards', description: '' }] }, 'OpenAPI tag "wards"'],
    ['queue', { queues: [{ name: 'beds', description: '' }] }, 'queue "beds"'],
    ['context name', { name: 'wards' }, 'context "wards"'],
  ])('refuses a %s two contexts declare', (_kind, parts, claimed) => {
    const first = context('wards', { queues: [{ name: 'beds', description: '' }] });
    expect(refusal([first, context('beds', parts)])).toContain(`${claimed} is declared by both wards and`);
  });

  it('refuses a CLI command two contexts declare', () => {
    const command = { help: '', run: () => Promise.resolve(0) };
    const contexts = [
      context('wards', { cliCommands: { 'x:y': command } }),
      context('beds', { cliCommands: { 'x:y': command } }),
    ];
    expect(refusal(contexts)).toContain('CLI command "x:y" is declared by both wards and beds');
  });

  it('refuses grants to admin, to a role that is not built in, and of a permission nobody declares', () => {
    const message = refusal([
      context('wards', {
        defaultGrants: { admin: ['wards:read'], porter: ['wards:read'], nurse: ['wards:write', 'wards:read:own'] },
      }),
    ]);
    expect(message).toContain('wards grants to admin, who holds every permission already');
    expect(message).toContain('wards grants to "porter", which is not a built-in role');
    expect(message).toContain('wards grants "wards:write" to nurse, but no context declares it');
    // A scope the permission does not offer is no permission either.
    expect(message).toContain('wards grants "wards:read:own" to nurse');
  });
});
