/**
 * The roles every installation starts with (a migration inserts them). What
 * each holds by default is declared by every context's descriptor
 * (`defaultGrants`) and given by the role-matrix reconcile at start-up
 * (ADR 14); docs/permissions.md is generated from both. The admin role holds
 * every permission except those that open patients' records (minimum
 * necessary, ADR 25), and may grant any permission; it cannot be edited
 * through the API.
 */
export const ADMIN_ROLE = 'admin';

export const BUILT_IN_ROLES: Readonly<Record<string, { readonly description: string }>> = {
  admin: { description: 'System administrator: accounts, roles, hospitals and imports; opens no patient record' },
  doctor: { description: 'Physician' },
  nurse: { description: 'Nurse' },
  pharmacist: { description: 'Pharmacist' },
  lab_technician: { description: 'Laboratory technician' },
  receptionist: { description: 'Front desk and registration' },
  billing_clerk: { description: 'Billing and claims' },
  auditor: { description: 'Compliance auditor: reads the audit trail' },
  records_officer: { description: 'Health information management: registers, corrects and merges patient records' },
  department_head: { description: 'Head of a department: its schedules, leave and deliberate overbooking' },
};
