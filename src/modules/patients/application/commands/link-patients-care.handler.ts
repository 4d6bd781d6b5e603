import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { checkCareLink } from '../../domain/care-link.js';
import { PatientCareLinked } from '../../domain/patient-care-linked.event.js';
import { CareLinkRepository } from '../../infrastructure/care-link.repository.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { survivingRecord } from '../surviving-record.js';
import type { CareLinkResult } from './link-patient-care.command.js';
import { LinkPatientsCare } from './link-patients-care.command.js';

const keyOf = (link: { patientId: string; kind: string; refId: string }) => `${link.patientId}|${link.kind}|${link.refId}`;

/**
 * LinkPatientCare for a set: the patients held FOR KEY SHARE in one
 * statement (id order; a merge waits, as for one link), a merged record's
 * links sent on to its surviving record, the new links inserted in one
 * statement (ON CONFLICT DO NOTHING), PatientCareLinked for each one added.
 */
@CommandHandler(LinkPatientsCare)
export class LinkPatientsCareHandler implements ICommandHandler<LinkPatientsCare, CareLinkResult[]> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly links: CareLinkRepository,
  ) {}

  async execute({ actor, links }: LinkPatientsCare): Promise<CareLinkResult[]> {
    for (const { kind, refId, source } of links) checkCareLink(kind, refId, source);
    if (links.length === 0) return [];
    return this.uow.run(actor, async (tx) => {
      const asked = [...new Set(links.map((link) => link.patientId))];
      const mergedInto = await this.patients.mergedIntoIdsForKeyShare(tx.manager, asked);
      const current = new Map<string, string>();
      for (const id of asked) {
        const into = mergedInto.get(id);
        if (into === undefined) throw new NotFoundError('Patient', id);
        current.set(id, into === null ? id : await survivingRecord(this.patients, tx.manager, into));
      }
      const wanted = links.map((link) => ({ ...link, patientId: current.get(link.patientId)! }));
      const added = new Set<string>();
      for (const link of await this.links.addMany(tx.manager, wanted)) {
        added.add(keyOf(link));
        tx.record(new PatientCareLinked(link.patientId, link.kind, link.refId, link.source));
      }
      return wanted.map((link) => {
        const key = keyOf(link);
        const first = added.delete(key);
        return { patientId: link.patientId, added: first };
      });
    });
  }
}
