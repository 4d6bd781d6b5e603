import type { AnyContextDescriptor, ContextCatalogue } from './context-descriptor.js';

/** The permissions of every context, each built-in role's default grants and the encrypted text tables, gathered across them. */
export function contextCatalogue(contexts: readonly AnyContextDescriptor[]): ContextCatalogue {
  const grants = new Map<string, Set<string>>();
  for (const context of contexts) {
    for (const [role, permissions] of Object.entries(context.defaultGrants)) {
      const held = grants.get(role) ?? new Set<string>();
      for (const permission of permissions) held.add(permission);
      grants.set(role, held);
    }
  }
  return {
    permissions: contexts.flatMap((context) => context.permissions),
    defaultGrants: Object.fromEntries([...grants].map(([role, permissions]) => [role, [...permissions]])),
    encryptedTexts: contexts.flatMap((context) => context.encryptedTexts ?? []),
  };
}
