import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { checkCareLink } from '../../domain/care-link.js';
import { PatientCareLinked } from '../../domain/patient-care-linked.event.js';
import { CareLinkRepository } from '../../infrastructure/care-link.repository.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { survivingRecord } from '../surviving-record.js';
import { type CareLinkResult, LinkPatientCare } from './link-patient-care.command.js';

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
      const linkedId = await survivingRecord(this.patients, tx.manager, patientId);
      const added = await this.links.add(tx.manager, linkedId, kind, refId, source);
      if (added) tx.record(new PatientCareLinked(linkedId, kind, refId, source));
      return { patientId: linkedId, added };
    });
  }
}
