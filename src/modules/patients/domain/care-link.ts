import { type InvalidField, InvalidInputError, isUuid } from '@hms/ddd';

/**
 * Who is involved with a patient: a practitioner (`user`), a department or a
 * hospital. The scopes of `patients:read` are checked against these links.
 */
export const CARE_LINK_KINDS = ['user', 'department', 'hospital'] as const;
export type CareLinkKind = (typeof CARE_LINK_KINDS)[number];

export interface CareLink {
  readonly kind: CareLinkKind;
  readonly refId: string;
}

/** Where a link came from (`registration`, `merge`, `appointment`...): 1 to 100 characters. */
export const MAX_CARE_LINK_SOURCE_LENGTH = 100;

/** A link as another context asks for it: a known kind, a UUID, a short source label. */
export function checkCareLink(kind: string, refId: string, source: string): void {
  const problems: InvalidField[] = [];
  if (!(CARE_LINK_KINDS as readonly string[]).includes(kind)) {
    problems.push({ field: 'kind', message: `kind must be one of ${CARE_LINK_KINDS.join(', ')}` });
  }
  if (!isUuid(refId)) problems.push({ field: 'refId', message: 'refId must be a UUID' });
  if (source.length < 1 || source.length > MAX_CARE_LINK_SOURCE_LENGTH) {
    problems.push({ field: 'source', message: `source must be 1 to ${MAX_CARE_LINK_SOURCE_LENGTH} characters` });
  }
  if (problems.length > 0) throw new InvalidInputError('The care link is invalid; see errors.', problems);
}
