/**
 * What a rotation rewrites: `encryption` re-encrypts every personal field
 * under the active PII_ENCRYPTION_KEYS key; `blind-index` recomputes every
 * blind index under the active PII_BLIND_INDEX_KEYS key.
 */
export const PII_ROTATION_KINDS = ['encryption', 'blind-index'] as const;
export type PiiRotationKind = (typeof PII_ROTATION_KINDS)[number];

/** The keyring variable each kind rotates, for messages to operators. */
export const KEYRING_OF_KIND: Readonly<Record<PiiRotationKind, string>> = {
  encryption: 'PII_ENCRYPTION_KEYS',
  'blind-index': 'PII_BLIND_INDEX_KEYS',
};
