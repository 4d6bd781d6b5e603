import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { MergeIntoItselfError } from '../../domain/merge-into-itself.error.js';
import { assertMergeable } from '../../domain/patient-lifecycle.js';
import { PatientMerged } from '../../domain/patient-merged.event.js';
import { CareLinkRepository } from '../../infrastructure/care-link.repository.js';
import { PatientIdentifierRepository } from '../../infrastructure/patient-identifier.repository.js';
import { type PatientRow, type PatientRowWithLinks, toPatientState } from '../../infrastructure/patient-row.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { mayChange, outOfScope, readDecision, scopedSubjectOf } from '../patient-read-access.js';
import type { PatientView } from '../patient-view.js';
import { PatientViews } from '../patient-views.js';
import { MergePatients } from './merge-patients.command.js';

type Outcome = { readonly merged: PatientRow } | { readonly deniedId: string };

const standing = (row: PatientRowWithLinks) => ({ id: row.id, status: row.status, mergedIntoId: row.merged_into_id });

/**
 * Merges a duplicate into the surviving record in one transaction: both
 * rows locked in id order (no deadlock between opposite merges), the
 * source's care links moved to the target (with the source's registering
 * hospital, so whoever saw the patient there still does), and its external
 * identifiers (a lookup by one finds the surviving record), the source marked
 * merged. Only the source's stream records it (PatientMerged).
 */
@CommandHandler(MergePatients)
export class MergePatientsHandler implements ICommandHandler<MergePatients, PatientView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly links: CareLinkRepository,
    private readonly identifiers: PatientIdentifierRepository,
    private readonly views: PatientViews,
  ) {}

  async execute({ editor: { actor, principal, ability }, sourceId, intoPatientId }: MergePatients): Promise<PatientView> {
    if (sourceId === intoPatientId) throw new MergeIntoItselfError(sourceId);
    const outcome = await this.uow.run(actor, async (tx): Promise<Outcome> => {
      const rows = await this.patients.lockAllWithLinks(tx.manager, [sourceId, intoPatientId]);
      const source = rows.find((row) => row.id === sourceId);
      const target = rows.find((row) => row.id === intoPatientId);
      if (!source) throw new NotFoundError('Patient', sourceId);
      if (!target) throw new NotFoundError('Patient', intoPatientId);
      const denied = [source, target].filter((row) => !mayChange(readDecision(ability, principal, scopedSubjectOf(row))));
      if (denied.length > 0) {
        tx.record(...denied.map((row) => outOfScope(actor.id, row.id, 'patients:merge')));
        return { deniedId: denied[0].id };
      }
      assertMergeable(standing(source), standing(target));
      const hospital = source.registering_hospital_id === target.registering_hospital_id ? null : source.registering_hospital_id;
      const movedCareLinks = await this.links.moveAll(tx.manager, source.id, target.id, hospital, 'merge');
      const movedIdentifiers = await this.identifiers.moveAll(tx.manager, source.id, target.id);
      const merged = await this.patients.setStatus(tx.manager, source.id, 'merged', target.id);
      tx.record(
        new PatientMerged(merged.version, {
          patientId: source.id,
          status: 'merged',
          previousStatus: source.status,
          mergedIntoId: target.id,
          movedCareLinks,
          movedIdentifiers,
        }),
      );
      return { merged };
    });
    if ('deniedId' in outcome) throw new NotFoundError('Patient', outcome.deniedId);
    return this.views.toView(toPatientState(outcome.merged), principal.permissions, outcome.merged.external_identifiers);
  }
}
