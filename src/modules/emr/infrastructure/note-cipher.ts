import { Inject, Injectable } from '@nestjs/common';
import { decryptField, encryptField, type Keyring, keyringOf } from '@hms/crypto';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';

/** The clinical_notes columns that hold clinical free text. */
export type NoteTextColumn = 'text' | 'late_entry_reason' | 'amendment_reason';

export const NOTE_TEXT_COLUMNS: readonly NoteTextColumn[] = ['text', 'late_entry_reason', 'amendment_reason'];

/**
 * Notes' free texts under the patients' PII keyring (PII_ENCRYPTION_KEYS),
 * as EncounterCipher does for encounters: AES-256-GCM bound to the table,
 * column and row, the key id in the value (ADR 10, ADR 31).
 */
@Injectable()
export class NoteCipher {
  private readonly keyring: Keyring;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keyring = keyringOf(config.crypto.piiKeys);
  }

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  encrypt(noteId: string, column: NoteTextColumn, text: string): string;
  encrypt(noteId: string, column: NoteTextColumn, text: string | null): string | null;
  encrypt(noteId: string, column: NoteTextColumn, text: string | null): string | null {
    return text === null ? null : encryptField(this.keyring, text, { table: 'clinical_notes', column, rowId: noteId });
  }

  decrypt(noteId: string, column: NoteTextColumn, stored: string): string;
  decrypt(noteId: string, column: NoteTextColumn, stored: string | null): string | null;
  decrypt(noteId: string, column: NoteTextColumn, stored: string | null): string | null {
    return stored === null ? null : decryptField(this.keyring, stored, { table: 'clinical_notes', column, rowId: noteId });
  }
}
