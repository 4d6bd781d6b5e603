/** The authenticated user a request acts for, rebuilt on every request from current state. */
export interface Principal {
  readonly userId: string;
  readonly sessionId: string;
  readonly roles: readonly string[];
  /** Effective permission strings, union of the user's roles. */
  readonly permissions: readonly string[];
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  /** Break-the-glass grants still in force. */
  readonly emergencyGrants: readonly EmergencyGrant[];
}

export interface EmergencyGrant {
  readonly grantId: string;
  readonly patientId: string;
  readonly expiresAt: Date;
}
