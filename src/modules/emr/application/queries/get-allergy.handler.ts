import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess } from '../../../patients/index.js';
import { ALLERGY_TEXTS, textsNotKept, textsThen, versionsAsOf } from '../../domain/as-of.js';
import type { AllergySnapshot } from '../../domain/allergy-events.js';
import type { AllergyRow } from '../../infrastructure/allergy-row.js';
import { AllergyRepository } from '../../infrastructure/allergy.repository.js';
import type { AllergyView } from '../allergy-view.js';
import { AllergyViews } from '../allergy-views.js';
import { allergyRowThen } from '../as-of-rows.js';
import { ALLERGIES } from '../clinical-record-access.js';
import { readFiledRecord, refuseFiledRecord } from '../filed-record-read.js';
import { recordVersions } from '../record-versions.js';
import { GetAllergy } from './get-allergy.query.js';

/** The audit store's aggregate type of allergy records (their events'). */
const AGGREGATE = 'AllergyIntolerance';

/**
 * One allergy record through the patient-access contract, as diagnoses and
 * problems are read: the record and its access event in one statement (ADR
 * 29), out of scope the same 404 as a missing one, audited; as of an
 * instant, the version then from the audit event store (ADR 35).
 */
@QueryHandler(GetAllergy)
export class GetAllergyHandler implements IQueryHandler<GetAllergy, AllergyView> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly allergies: AllergyRepository,
    private readonly views: AllergyViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, allergyId, asOf }: GetAllergy): Promise<AllergyView> {
    const filedUnder = await this.allergies.patientOf(this.uow.manager(), allergyId);
    if (!filedUnder) throw new NotFoundError(AGGREGATE, allergyId);
    const asked = { resourceType: AGGREGATE, id: allergyId };
    const statement = (currentPatientId: string) => this.allergies.byIdFor(allergyId, currentPatientId, filedUnder);
    const versions = asOf
      ? versionsAsOf(await recordVersions<AllergySnapshot>(this.queries, AGGREGATE, allergyId), asOf)
      : undefined;
    if (asOf && !versions)
      return refuseFiledRecord<AllergyRow>(this.patientAccess, reader, ALLERGIES, asked, filedUnder, statement);
    const record = await readFiledRecord<AllergyRow>(this.patientAccess, reader, ALLERGIES, asked, filedUnder, statement, {
      asOf,
    });
    if (!versions) return this.views.view(record.row);
    const texts = textsThen(ALLERGY_TEXTS, versions);
    return { ...this.views.view(allergyRowThen(record.row, versions, texts)), textsNotKept: textsNotKept(texts) };
  }
}
