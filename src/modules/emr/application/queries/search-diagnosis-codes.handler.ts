import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied, holds } from '@hms/authz';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { CodeSearchPermissionError } from '../../domain/condition-errors.js';
import { codePrefixOf } from '../../domain/icd10-code.js';
import { DiagnosisCodeRepository } from '../../infrastructure/diagnosis-code.repository.js';
import { type DiagnosisCodeMatches, SearchDiagnosisCodes } from './search-diagnosis-codes.query.js';

/**
 * The catalogue is terminology, not patient data: anyone who records or
 * reads clinical content (emr:write or emr:read, any scope) searches it,
 * unaudited. Anyone else is refused 403, the refusal audited like the
 * guard's.
 */
@QueryHandler(SearchDiagnosisCodes)
export class SearchDiagnosisCodesHandler implements IQueryHandler<SearchDiagnosisCodes, DiagnosisCodeMatches> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codes: DiagnosisCodeRepository,
  ) {}

  async execute({ searcher: { actor, principal }, term, limit }: SearchDiagnosisCodes): Promise<DiagnosisCodeMatches> {
    if (!holds(principal.permissions, 'emr:read') && !holds(principal.permissions, 'emr:write')) {
      await this.uow.record(
        actor,
        new AccessDenied({
          userId: actor.id,
          reason: 'missing-permission',
          permission: 'emr:read',
          method: 'GET',
          route: '/api/v1/diagnosis-codes',
        }),
      );
      throw new CodeSearchPermissionError();
    }
    const db = this.uow.manager();
    const items = await this.codes.search(db, term, codePrefixOf(term), limit);
    return { catalogueLoaded: items.length > 0 || (await this.codes.loaded(db)), items };
  }
}
