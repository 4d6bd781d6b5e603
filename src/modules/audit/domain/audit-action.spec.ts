import { describe, expect, it } from '@jest/globals';
import { actionFor } from './audit-action.js';

describe('actionFor', () => {
  it.each([
    ['AccessDenied', 'deny'],
    ['AuditTrailQueried', 'query'],
    ['EmergencyAccessGranted', 'emergency-access'],
    ['LoginSucceeded', 'login'],
    ['LoginFailed', 'login'],
    ['RefreshTokenReused', 'login'],
    ['LoggedOut', 'logout'],
    ['SessionRevoked', 'logout'],
  ])('maps the named type %s to %s', (type, action) => {
    expect(actionFor(type)).toBe(action);
  });

  it.each([
    ['UserCreated', 'create'],
    ['PatientRegistered', 'create'],
    ['RoleDeleted', 'delete'],
    ['AppointmentCancelled', 'delete'],
    ['PatientRecordAccessed', 'read'],
    ['LabResultViewed', 'read'],
    ['PatientsSearched', 'query'],
    ['UserRolesAssigned', 'update'],
    ['PasswordChanged', 'update'],
    ['AccountLocked', 'update'],
  ])('guesses %s from its past-tense ending: %s', (type, action) => {
    expect(actionFor(type)).toBe(action);
  });

  it('falls back to execute for a type it cannot place', () => {
    expect(actionFor('ProbeRecorded')).toBe('execute');
    expect(actionFor('')).toBe('execute');
  });
});
