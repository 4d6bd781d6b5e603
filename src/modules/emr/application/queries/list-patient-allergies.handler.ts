import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess, patientWideIdsOf, ResolvePatientAccess } from '../../../patients/index.js';
import { assertionOf } from '../../domain/allergy-rules.js';
import type { AllergyRow } from '../../infrastructure/allergy-row.js';
import { AllergyRepository } from '../../infrastructure/allergy.repository.js';
import type { AllergyListView } from '../allergy-view.js';
import { AllergyViews } from '../allergy-views.js';
import { ALLERGIES, refusedPatientList, scopeColumnsOf, scopeOfRow } from '../clinical-record-access.js';
import { ListPatientAllergies } from './list-patient-allergies.query.js';

/** A patient's allergy list is short; past this many records the newest are served (the assertion counts them). */
export const MAX_ALLERGIES = 500;

type ListedAllergy = PatientScopedRecord & { readonly row: AllergyRow };

/**
 * A patient's allergies and intolerances within the reader's emr:read
 * scope, newest recorded first, each served audited as emr.allergies, and
 * what they say as a whole (`assertion`): has-allergies,
 * no-known-allergies, none-active, or not-asked when nothing is recorded.
 * The assertion is made of the records the reader is served.
 */
@QueryHandler(ListPatientAllergies)
export class ListPatientAllergiesHandler implements IQueryHandler<ListPatientAllergies, AllergyListView> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly allergies: AllergyRepository,
    private readonly views: AllergyViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, patientId }: ListPatientAllergies): Promise<AllergyListView> {
    const patient = await this.queries.execute(
      new ResolvePatientAccess(reader, patientId, { withMerged: true, patientWide: ALLERGIES.resource }),
    );
    if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', patientId);
    const { patientIds } = patient;
    const served = await this.patientAccess.list<ListedAllergy>(
      reader,
      ALLERGIES,
      scopeColumnsOf('a'),
      async (scope) => {
        const rows = await this.allergies.list(this.uow.manager(), patientIds, scope, MAX_ALLERGIES);
        return rows.map((row) => ({ ...scopeOfRow(row), row }));
      },
      1,
      { patientWide: { patientIds: patientWideIdsOf(patient) } },
    );
    if (served.length === 0 && !patient.allowed) {
      await this.uow.record(reader.actor, refusedPatientList(reader.actor, patientId));
      throw new NotFoundError('Patient', patientId);
    }
    return {
      assertion: assertionOf(
        served.map(({ row }) => ({
          kind: row.kind,
          clinicalStatus: row.clinical_status,
          verificationStatus: row.verification_status,
        })),
      ),
      items: served.map(({ row }) => this.views.view(row)),
    };
  }
}
