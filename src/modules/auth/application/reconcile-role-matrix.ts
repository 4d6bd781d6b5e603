import { administrativePermissions } from '@hms/authz';
import { systemActor, uuidv7 } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import type { ContextCatalogue } from '../../../infrastructure/context/context-descriptor.js';
import { appendToOutbox } from '../../../infrastructure/events/outbox-writer.js';
import { ADMIN_ROLE } from '../domain/built-in-roles.js';
import { pendingDefaultGrants } from '../domain/pending-default-grants.js';
import { RoleUpdated } from '../domain/role-events.js';
import { RoleRepository } from '../infrastructure/role.repository.js';

const RECONCILE_ACTOR = systemActor('role-matrix-reconcile');

/**
 * Gives each built-in role the default grants of the descriptors it was never
 * given (ADR 14), and admin exactly the administrative permissions: every one
 * that opens no patient record (ADR 25). Runs in the
 * migrating process, inside its transaction and lock; a role it changes gets
 * a new version and a RoleUpdated event, audited like an administrator's edit.
 * Running it again changes nothing.
 */
export async function reconcileRoleMatrix(db: EntityManager, catalogue: ContextCatalogue): Promise<void> {
  const roles = new RoleRepository();
  const builtIn = await roles.lockBuiltIn(db);
  const absent = Object.keys(catalogue.defaultGrants).filter((name) => !builtIn.some((role) => role.name === name));
  if (absent.length > 0)
    throw new Error(`default grants name built-in roles the database lacks (insert them by migration): ${absent.join(', ')}`);
  const administrative = administrativePermissions(catalogue.permissions);
  const applied = await roles.appliedDefaults(db);
  const correlationId = uuidv7();
  const events: RoleUpdated[] = [];
  for (const role of builtIn) {
    const defaults = role.name === ADMIN_ROLE ? administrative : (catalogue.defaultGrants[role.name] ?? []);
    const { record, grant, revoke } = pendingDefaultGrants(
      { name: role.name, permissions: role.permissions, applied: applied.get(role.id) ?? [] },
      defaults,
    );
    if (record.length > 0) await roles.recordAppliedDefaults(db, role.id, record);
    if (grant.length === 0 && revoke.length === 0) continue;
    const permissions = [...new Set([...role.permissions, ...grant])].filter((p) => !revoke.includes(p)).sort();
    const version = await roles.update(db, role.id, { permissions });
    const event = new RoleUpdated(role.id, version, {
      name: role.name,
      added: grant,
      removed: revoke,
      descriptionChanged: false,
    });
    events.push(event.stamp(RECONCILE_ACTOR, correlationId));
  }
  await appendToOutbox(db, events);
}
