import { Inject, Injectable } from '@nestjs/common';
import { decryptField, encryptField, type Keyring, keyringOf } from '@hms/crypto';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';

/** The encounter columns that hold clinical free text. */
export type EncounterTextColumn = 'reason_text' | 'status_reason';

/**
 * Encounters' free texts under the patients' PII keyring (PII_ENCRYPTION_KEYS):
 * AES-256-GCM bound to the table, column and row, the key id in the value,
 * so every key of the ring still reads after a rotation (ADR 10, ADR 30).
 */
@Injectable()
export class EncounterCipher {
  private readonly keyring: Keyring;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keyring = keyringOf(config.crypto.piiKeys);
  }

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  encrypt(encounterId: string, column: EncounterTextColumn, text: string | null): string | null {
    return text === null ? null : encryptField(this.keyring, text, { table: 'encounters', column, rowId: encounterId });
  }

  decrypt(encounterId: string, column: EncounterTextColumn, stored: string | null): string | null {
    return stored === null ? null : decryptField(this.keyring, stored, { table: 'encounters', column, rowId: encounterId });
  }
}
