import { decryptField, encryptField, type Keyring, keyringOf } from '@hms/crypto';
import type { AppConfig } from '../../../config/app-config.js';

/**
 * The EMR's free texts under the patients' PII keyring (PII_ENCRYPTION_KEYS):
 * AES-256-GCM bound to the table, column and row, the key id in the value, so
 * every key of the ring still reads after a rotation and pii:rotate rewrites
 * them by pii_key_id (ADR 10, ADR 30). One per table, typed by its columns.
 */
export abstract class TableTextCipher<Column extends string> {
  private readonly keyring: Keyring;

  protected constructor(
    private readonly table: string,
    config: AppConfig,
  ) {
    this.keyring = keyringOf(config.crypto.piiKeys);
  }

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  encrypt(rowId: string, column: Column, text: string): string;
  encrypt(rowId: string, column: Column, text: string | null): string | null;
  encrypt(rowId: string, column: Column, text: string | null): string | null {
    return text === null ? null : encryptField(this.keyring, text, { table: this.table, column, rowId });
  }

  decrypt(rowId: string, column: Column, stored: string): string;
  decrypt(rowId: string, column: Column, stored: string | null): string | null;
  decrypt(rowId: string, column: Column, stored: string | null): string | null {
    return stored === null ? null : decryptField(this.keyring, stored, { table: this.table, column, rowId });
  }
}
