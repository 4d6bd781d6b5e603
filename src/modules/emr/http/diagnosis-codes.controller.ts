import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@hms/authz';
import { CurrentEditor, type RequestEditor } from '../../../infrastructure/http/current-reader.decorator.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { type DiagnosisCodeMatches, SearchDiagnosisCodes } from '../application/queries/search-diagnosis-codes.query.js';
import { DiagnosisCodeMatchesResponse } from './condition.response.js';
import { SearchDiagnosisCodesRequest } from './list-conditions.request.js';

/** The ICD-10 catalogue a hospital loaded (emr:icd10-load), for search as you type. */
@ApiTags('emr')
@Controller({ path: 'diagnosis-codes', version: '1' })
export class DiagnosisCodesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  // emr:read or emr:write, in any scope: the handler decides, since a route names one permission.
  @Authenticated()
  @ApiOperation({
    summary: 'Search the loaded ICD-10 catalogue as you type: codes starting with q, then display texts containing it',
    description:
      'Needs emr:read or emr:write (any scope); terminology, not patient data, so not audited as a read. While no catalogue ' +
      'is loaded the answer is empty with catalogueLoaded false, and diagnoses are checked by the code’s form only.',
    operationId: 'searchDiagnosisCodes',
  })
  @ApiOkResponse({ type: DiagnosisCodeMatchesResponse })
  @ApiForbiddenResponse({ description: 'Neither emr:read nor emr:write (EMR.PERMISSION_REQUIRED)', content: PROBLEM_CONTENT })
  search(@Query() query: SearchDiagnosisCodesRequest, @CurrentEditor() searcher: RequestEditor): Promise<DiagnosisCodeMatches> {
    return this.queries.execute(new SearchDiagnosisCodes(searcher, query.q, query.limit));
  }
}
