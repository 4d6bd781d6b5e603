import { Injectable } from '@nestjs/common';
import { noteTypeOfCode } from '../domain/note-type.js';
import { NoteCipher } from '../infrastructure/note-cipher.js';
import type { NoteRow } from '../infrastructure/note-row.js';
import type { NoteView } from './note-view.js';

/** Rows as answers, their texts decrypted. */
@Injectable()
export class NoteViews {
  constructor(private readonly cipher: NoteCipher) {}

  toView(row: NoteRow): NoteView {
    return {
      id: row.id,
      encounterId: row.encounter_id,
      patientId: row.patient_id,
      hospitalId: row.hospital_id,
      departmentId: row.department_id,
      type: noteTypeOfCode(row.type_code),
      typeCode: row.type_code,
      status: row.status,
      authorId: row.author_id,
      text: this.cipher.decrypt(row.id, 'text', row.text),
      lateEntry: row.late_entry,
      lateEntryReason: this.cipher.decrypt(row.id, 'late_entry_reason', row.late_entry_reason),
      signedAt: row.signed_at,
      amendsNoteId: row.amends_note_id,
      amendmentReason: this.cipher.decrypt(row.id, 'amendment_reason', row.amendment_reason),
      originalNoteId: row.original_note_id,
      amendedByNoteId: row.amended_by_note_id,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
