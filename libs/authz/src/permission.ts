/** Scopes narrow a permission to records the user is linked to; no scope means `all`. */
export const SCOPES = ['own', 'department', 'hospital', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Permission {
  readonly resource: string;
  readonly action: string;
  readonly scope: Scope;
}

const PART = '[a-z][a-z0-9-]*';
const PERMISSION_PATTERN = new RegExp(`^(${PART}):(${PART})(?::(${SCOPES.join('|')}))?$`);

/** Parses `resource:action[:scope]`; returns undefined for anything else. */
export function parsePermission(value: string): Permission | undefined {
  const match = PERMISSION_PATTERN.exec(value);
  if (!match) return undefined;
  return { resource: match[1], action: match[2], scope: (match[3] as Scope | undefined) ?? 'all' };
}

/** The permission without its scope: what a route requires (`patients:read`). */
export function basePermission(permission: Permission): string {
  return `${permission.resource}:${permission.action}`;
}

export function formatPermission(permission: Permission): string {
  return permission.scope === 'all'
    ? basePermission(permission)
    : `${permission.resource}:${permission.action}:${permission.scope}`;
}

const SCOPE_RANK: Record<Scope, number> = { own: 0, department: 1, hospital: 2, all: 3 };

/** True when holding `held` includes everything `wanted` grants (same resource and action, equal or wider scope). */
export function covers(held: Permission, wanted: Permission): boolean {
  const sameAction = held.action === wanted.action || held.action === 'manage';
  return held.resource === wanted.resource && sameAction && SCOPE_RANK[held.scope] >= SCOPE_RANK[wanted.scope];
}

/** One entry of a context's permission catalogue. */
export interface PermissionDefinition {
  /** `resource:action`, without scope. */
  readonly name: string;
  readonly description: string;
  /** Scopes that make sense for this permission; `['all']` for unscoped ones. */
  readonly scopes: readonly Scope[];
  /**
   * Opens patients' records (protected health information): reading, changing or breaking the glass.
   * The admin role never holds these (minimum necessary, ADR 25); it may grant them to others.
   */
  readonly patientData?: boolean;
}

/** Every concrete permission string a catalogue allows (each name, and each name with a narrower scope). */
export function expandCatalogue(catalogue: readonly PermissionDefinition[]): string[] {
  return catalogue.flatMap((def) => def.scopes.map((scope) => (scope === 'all' ? def.name : `${def.name}:${scope}`)));
}

/** What the admin role holds: every permission of the catalogue except those that open patients' records. */
export function administrativePermissions(catalogue: readonly PermissionDefinition[]): string[] {
  return expandCatalogue(catalogue.filter((def) => !def.patientData));
}
