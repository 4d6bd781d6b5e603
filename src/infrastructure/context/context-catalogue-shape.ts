import type { PermissionDefinition } from '@hms/authz';

/**
 * A table whose free texts are encrypted under the patients' PII keyring
 * (PII_ENCRYPTION_KEYS), so that `pii:rotate` re-encrypts them too. The
 * table has a uuid `id` and a `pii_key_id` naming the one key all of a row's
 * texts are under (null when it holds none); each column's values are bound
 * to (table, column, id), as @hms/crypto's field context.
 */
export interface EncryptedTextTable {
  readonly table: string;
  readonly columns: readonly string[];
}

/** What the wiring gathers from every descriptor and hands to the contexts that enforce or use it. */
export interface ContextCatalogue {
  /** Every context's permissions. */
  readonly permissions: readonly PermissionDefinition[];
  /** Built-in role -> the permissions the descriptors grant it by default. Admin is absent: it holds everything. */
  readonly defaultGrants: Readonly<Record<string, readonly string[]>>;
  /** Every context's tables of encrypted free text, for the key rotation (the patients context's). */
  readonly encryptedTexts: readonly EncryptedTextTable[];
}
