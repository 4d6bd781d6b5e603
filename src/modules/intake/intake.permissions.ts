import type { PermissionDefinition } from '@hms/authz';

/**
 * The intake context's permissions. A feed registers and changes patients
 * and adds their visits, and a batch's records name them: both open
 * patients' records, so the admin role holds neither (ADR 25).
 */
export const INTAKE_PERMISSIONS: readonly PermissionDefinition[] = [
  {
    name: 'intake:submit',
    description: 'Send patient and visit feeds (POST /ingest, /ingest/csv): `hospital` to the user’s own hospital only',
    scopes: ['hospital', 'all'],
    patientData: true,
  },
  {
    name: 'intake:read',
    description: 'See feeds’ batches and their per-record outcomes: `hospital` those of the user’s own hospital',
    scopes: ['hospital', 'all'],
    patientData: true,
  },
];
