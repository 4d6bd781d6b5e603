import { expandCatalogue } from '@hms/authz';
import type { AnyContextDescriptor } from './context-descriptor.js';

export interface BuiltInRoleNames {
  readonly all: readonly string[];
  /** Holds every permission by definition, so no descriptor grants to it. */
  readonly admin: string;
}

/** Codes under this prefix belong to @hms/ddd, which every context may raise. */
const COMMON_CODE_PREFIX = 'COMMON.';

/**
 * Refuses descriptors that contradict each other: a name two contexts claim
 * (permission, error code, tag, queue, CLI command), a grant to a role that
 * is not built in or of a permission nobody declares. src/contexts.ts runs it
 * as the list loads, so every process fails at start-up with the reasons.
 */
export function checkContexts(
  contexts: readonly AnyContextDescriptor[],
  roles: BuiltInRoleNames,
): readonly AnyContextDescriptor[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  const claim = (kind: string, name: string, owner: string) => {
    const first = owners.get(`${kind} ${name}`);
    if (first === undefined) owners.set(`${kind} ${name}`, owner);
    else problems.push(`${kind} "${name}" is declared by both ${first} and ${owner}`);
  };
  for (const context of contexts) {
    claim('context', context.name, context.name);
    for (const permission of context.permissions) claim('permission', permission.name, context.name);
    for (const code of Object.keys(context.errorStatus)) {
      claim('error code', code, context.name);
      if (code.startsWith(COMMON_CODE_PREFIX)) problems.push(`${context.name} maps ${code}, a common code the platform maps`);
    }
    for (const tag of context.openApiTags) claim('OpenAPI tag', tag.name, context.name);
    for (const queue of context.queues) claim('queue', queue.name, context.name);
    for (const command of Object.keys(context.cliCommands)) claim('CLI command', command, context.name);
  }
  const declared = new Set(expandCatalogue(contexts.flatMap((context) => context.permissions)));
  for (const context of contexts) {
    for (const [role, permissions] of Object.entries(context.defaultGrants)) {
      if (role === roles.admin) problems.push(`${context.name} grants to ${role}, who holds every permission already`);
      else if (!roles.all.includes(role)) problems.push(`${context.name} grants to "${role}", which is not a built-in role`);
      for (const permission of permissions.filter((p) => !declared.has(p)))
        problems.push(`${context.name} grants "${permission}" to ${role}, but no context declares it`);
    }
  }
  if (problems.length > 0) throw new Error(`The context descriptors disagree:\n- ${problems.join('\n- ')}`);
  return contexts;
}
