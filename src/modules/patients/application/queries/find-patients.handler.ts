import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { abilityToSql, type FieldSql } from '@hms/authz';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { checkSearchFilters, filterNamesOf } from '../../domain/patient-search-filters.js';
import { accessBy } from '../readable-patient.js';
import { PatientCipher } from '../../infrastructure/patient-cipher.js';
import { toPatientState } from '../../infrastructure/patient-row.js';
import { planIndexConditions } from '../../infrastructure/patient-search-plan.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { readDecision, scopedSubjectOf } from '../patient-read-access.js';
import type { PatientPage } from '../patient-view.js';
import { PatientViews } from '../patient-views.js';
import { FindPatients } from './find-patients.query.js';

const linked = (kind: 'user' | 'department' | 'hospital') => (p: string) =>
  `EXISTS (SELECT 1 FROM patient_care_links l WHERE l.patient_id = p.id AND l.kind = '${kind}' AND l.ref_id = ${p}::uuid)`;

/** The scope conditions of patients:read (and break-the-glass grants) on `patients p`: what a GET by id checks. */
export const PATIENT_SCOPE_SQL: Record<string, FieldSql> = {
  id: (p) => `p.id = ${p}::uuid`,
  linkedUserIds: linked('user'),
  departmentIds: linked('department'),
  hospitalIds: (p) => `(p.registering_hospital_id = ${p}::uuid OR ${linked('hospital')(p)})`,
};

/**
 * A page of patients: exact matches on blind indexes, filtered in SQL by
 * the caller's scope (a list never shows what a GET would refuse), one
 * statement for rows and care links, then one transaction recording an
 * access event per patient returned.
 */
@QueryHandler(FindPatients)
export class FindPatientsHandler implements IQueryHandler<FindPatients, PatientPage> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly cipher: PatientCipher,
    private readonly views: PatientViews,
  ) {}

  async execute({ reader, filters, page, pageSize }: FindPatients): Promise<PatientPage> {
    checkSearchFilters(filters);
    const scope = abilityToSql(reader.ability, 'read', 'patients', PATIENT_SCOPE_SQL);
    if (scope.sql === 'FALSE') return { items: [], page, pageSize, hasMore: false };
    const { rows, hasMore } = await this.patients.search(
      this.uow.manager(),
      {
        indexConditions: planIndexConditions(filters, (key, input) => this.cipher.searchHashes(key, input)),
        mrn: filters.mrn,
        status: filters.status,
        registeringHospitalId: filters.registeringHospitalId,
        page,
        pageSize,
      },
      scope,
    );
    const items = rows.map((row) =>
      this.views.toView(toPatientState(row), reader.principal.permissions, row.external_identifiers),
    );
    if (rows.length > 0) {
      const filterNames = filterNamesOf(filters);
      await this.uow.record(
        reader.actor,
        ...rows.map((row) =>
          accessBy(reader, row.id, readDecision(reader.ability, reader.principal, scopedSubjectOf(row)), 'search', {
            filters: filterNames,
          }),
        ),
      );
    }
    return { items, page, pageSize, hasMore };
  }
}
