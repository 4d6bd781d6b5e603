import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { TableTextCipher } from './table-text-cipher.js';

/** The clinical_notes columns that hold clinical free text. */
export type NoteTextColumn = 'text' | 'late_entry_reason' | 'amendment_reason';

export const NOTE_TEXT_COLUMNS: readonly NoteTextColumn[] = ['text', 'late_entry_reason', 'amendment_reason'];

/** Notes' free texts (the text, a late entry's and an amendment's reasons), ADR 31. */
@Injectable()
export class NoteCipher extends TableTextCipher<NoteTextColumn> {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super('clinical_notes', config);
  }
}
