/**
 * Field names that may hold personal data or secrets. Logs never carry
 * request or response bodies, so these are a second line of defence for
 * objects passed to the logger by hand.
 */
export const SENSITIVE_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'firstName',
  'middleName',
  'lastName',
  'fullName',
  'displayName',
  'dateOfBirth',
  'phone',
  'email',
  'address',
  'nationalId',
  'emergencyContact',
  'reason',
] as const;

const HEADERS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'];

/** pino redact paths: the sensitive fields at the top level and up to three levels down. */
export function redactionPaths(): string[] {
  const paths = [...HEADERS];
  for (const field of SENSITIVE_FIELDS) {
    paths.push(field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`);
  }
  return paths;
}
