import { describe, expect, it } from '@jest/globals';
import { LEGACY_EVENT_TYPES as MIGRATED } from '../../../../migrations/1796590200460-NamespaceEventTypes.js';
import { LEGACY_EVENT_TYPES, namespacedEventType, storedEventTypes } from './legacy-event-types.js';

describe('legacy event types', () => {
  it('read an entry stored under a class name as its namespaced type, and leave every other type as stored', () => {
    expect(namespacedEventType('PatientRegistered')).toBe('patients.PatientRegistered.v1');
    expect(namespacedEventType('AccessDenied')).toBe('authz.AccessDenied.v1');
    expect(namespacedEventType('patients.PatientRegistered.v1')).toBe('patients.PatientRegistered.v1');
    expect(namespacedEventType('SomethingNobodyDeclared')).toBe('SomethingNobodyDeclared');
  });

  it('let a type filter, in either form, match entries stored in either form', () => {
    expect(storedEventTypes('auth.LoginFailed.v1')).toEqual(['auth.LoginFailed.v1', 'LoginFailed']);
    expect(storedEventTypes('LoginFailed')).toEqual(['auth.LoginFailed.v1', 'LoginFailed']);
    // A version born namespaced has no legacy name.
    expect(storedEventTypes('auth.LoginFailed.v2')).toEqual(['auth.LoginFailed.v2']);
    expect(storedEventTypes('Unknown')).toEqual(['Unknown']);
  });

  it('are the very renames the NamespaceEventTypes migration applied to the outbox', () => {
    expect([...LEGACY_EVENT_TYPES]).toEqual(MIGRATED.map(([legacy, namespaced]) => [legacy, namespaced]));
  });
});
