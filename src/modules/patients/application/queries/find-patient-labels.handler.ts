import { Logger } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FieldDecryptionError } from '@hms/crypto';
import type { DomainEvent } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientRecordUnreadable } from '../../domain/patient-record-unreadable.event.js';
import { PatientCipher } from '../../infrastructure/patient-cipher.js';
import type { PatientRowWithLinks } from '../../infrastructure/patient-row.js';
import { ENCRYPTED_COLUMNS } from '../../infrastructure/patient-encryption.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { readDecision, scopedSubjectOf } from '../patient-read-access.js';
import { accessBy } from '../readable-patient.js';
import { FindPatientLabels, type PatientLabel } from './find-patient-labels.query.js';

/** A list page names a few dozen patients at most; past this many ids the rest get no label. */
export const MAX_LABELS = 500;

/**
 * One statement for the rows and their care links, the read decision per
 * row, then only the three name fields decrypted. The access events are
 * recorded before the labels leave; a row whose names fail their integrity
 * check gets no label and PatientRecordUnreadable instead (nothing of it
 * was served).
 */
@QueryHandler(FindPatientLabels)
export class FindPatientLabelsHandler implements IQueryHandler<FindPatientLabels, ReadonlyMap<string, PatientLabel>> {
  private readonly logger = new Logger(FindPatientLabelsHandler.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly cipher: PatientCipher,
  ) {}

  async execute({ reader, patientIds }: FindPatientLabels): Promise<ReadonlyMap<string, PatientLabel>> {
    const labels = new Map<string, PatientLabel>();
    const ids = [...new Set(patientIds)].slice(0, MAX_LABELS);
    if (ids.length === 0) return labels;
    const rows = await this.patients.findManyWithLinks(this.uow.manager(), ids);
    const events: DomainEvent<unknown>[] = [];
    for (const row of rows) {
      const decision = readDecision(reader.ability, reader.principal, scopedSubjectOf(row));
      if (!decision.allowed) continue;
      const name = this.nameOf(row);
      if (name === undefined) {
        events.push(new PatientRecordUnreadable(row.id));
        continue;
      }
      labels.set(row.id, { id: row.id, name, mrn: row.mrn });
      events.push(accessBy(reader, row.id, decision, 'label'));
    }
    // Recorded before the data leaves: a label that cannot be audited is not served.
    if (events.length > 0) await this.uow.record(reader.actor, ...events);
    return labels;
  }

  /** The names in clear, or undefined when a ciphertext fails authentication (logged by id only). */
  private nameOf(row: PatientRowWithLinks): string | undefined {
    try {
      const first = this.cipher.decryptField(row.id, 'firstName', row[ENCRYPTED_COLUMNS.firstName]);
      const middle = this.cipher.decryptField(row.id, 'middleName', row[ENCRYPTED_COLUMNS.middleName]);
      const last = this.cipher.decryptField(row.id, 'lastName', row[ENCRYPTED_COLUMNS.lastName]);
      return [first, middle, last].filter((part) => part).join(' ');
    } catch (error) {
      if (error instanceof FieldDecryptionError || error instanceof SyntaxError) {
        this.logger.warn({ patientId: row.id }, 'a patient label was withheld: its stored names failed an integrity check');
        return undefined;
      }
      throw error;
    }
  }
}
