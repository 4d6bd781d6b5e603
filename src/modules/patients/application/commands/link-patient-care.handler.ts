import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { checkCareLink } from '../../domain/care-link.js';
import { PatientCareLinked } from '../../domain/patient-care-linked.event.js';
import { CareLinkRepository } from '../../infrastructure/care-link.repository.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { type CareLinkResult, LinkPatientCare } from './link-patient-care.command.js';

/** Merged records point on; a chain longer than this would be a bug upstream. */
const MAX_MERGE_HOPS = 10;

/**
 * Adds a care link once (ON CONFLICT DO NOTHING; PatientCareLinked only when
 * added). A link to a merged record goes to the record it was merged into,
 * since the merge moved the links there. Joins the caller's transaction when
 * called from an event handler.
 */
@CommandHandler(LinkPatientCare)
export class LinkPatientCareHandler implements ICommandHandler<LinkPatientCare, CareLinkResult> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly links: CareLinkRepository,
  ) {}

  async execute({ actor, patientId, kind, refId, source }: LinkPatientCare): Promise<CareLinkResult> {
    checkCareLink(kind, refId, source);
    return this.uow.run(actor, async (tx) => {
      const linkedId = await this.survivingRecord(tx.manager, patientId);
      const added = await this.links.add(tx.manager, linkedId, kind, refId, source);
      if (added) tx.record(new PatientCareLinked(linkedId, kind, refId, source));
      return { patientId: linkedId, added };
    });
  }

  /** Follows merged_into_id; the key-share lock waits for a merge of the record in progress. */
  private async survivingRecord(db: EntityManager, patientId: string): Promise<string> {
    let id = patientId;
    for (let hop = 0; hop <= MAX_MERGE_HOPS; hop += 1) {
      const mergedIntoId = await this.patients.mergedIntoIdForKeyShare(db, id);
      if (mergedIntoId === undefined) throw new NotFoundError('Patient', id);
      if (mergedIntoId === null) return id;
      id = mergedIntoId;
    }
    throw new Error(`Patient ${patientId} is merged through more than ${MAX_MERGE_HOPS} records`);
  }
}
