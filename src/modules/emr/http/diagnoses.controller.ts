import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import type { Response } from 'express';
import {
  CurrentEditor,
  CurrentReader,
  type RequestEditor,
  type RequestReader,
} from '../../../infrastructure/http/current-reader.decorator.js';
import { ApiIfMatch, IfMatchVersion, setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { AS_OF_READ_DESCRIPTION, AsOfRequest, asOfInstant } from '../../../infrastructure/http/as-of.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import { RecordDiagnosis } from '../application/commands/record-diagnosis.command.js';
import { UpdateCondition } from '../application/commands/update-condition.command.js';
import type { ConditionPage, ConditionView } from '../application/condition-view.js';
import { GetCondition } from '../application/queries/get-condition.query.js';
import { ListEncounterDiagnoses } from '../application/queries/list-encounter-diagnoses.query.js';
import { RecordDiagnosisRequest, UpdateDiagnosisRequest } from './condition.request.js';
import { ConditionPageResponse, ConditionResponse } from './condition.response.js';
import { ListDiagnosesRequest } from './list-conditions.request.js';

/** Without emr:read, an encounter's diagnoses answer the encounter's 404 (ADR 25), as out of scope does. */
const ENCOUNTER_RECORD = { refusedAsNotFound: { resourceType: 'Encounter', param: 'id' } };
/** Without emr:read, a diagnosis answers its 404 (ADR 25), as out of scope does. */
const DIAGNOSIS_RECORD = { refusedAsNotFound: { resourceType: 'Diagnosis', param: 'id' } };

const WRITE_RULES =
  'Needs emr:diagnose besides emr:write (403 without it: nurses, by default), both covering the record (404 otherwise, audited).';

/** Diagnoses: recorded on an encounter, listed with it, changed one by one. */
@ApiTags('emr')
@Controller({ version: '1' })
export class DiagnosesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('encounters/:id/diagnoses')
  @RequirePermission('emr:diagnose')
  @ApiOperation({
    summary: 'Record a diagnosis on an encounter (FHIR Condition, category encounter-diagnosis)',
    description:
      `${WRITE_RULES} The encounter must be planned or in progress, or finished with a lateEntryReason (a late entry, ` +
      'flagged; 409 EMR.ENCOUNTER_LOCKED without one, EMR.NOT_A_LATE_ENTRY with one on an open encounter, EMR.ENCOUNTER_VOID ' +
      'once cancelled or entered in error). 400 for a code of the wrong form, or no display while no catalogue is loaded; ' +
      '422 EMR.UNKNOWN_DIAGNOSIS_CODE for a code not in the loaded catalogue; 409 EMR.PRIMARY_DIAGNOSIS_TAKEN for a second ' +
      'primary diagnosis.',
    operationId: 'recordDiagnosis',
  })
  @ApiCreatedResponse({ type: ConditionResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({ description: 'No such encounter, or one outside your scopes (audited)', content: PROBLEM_CONTENT })
  @ApiConflictResponse({
    description: 'A second primary diagnosis, or an encounter locked or void',
    content: PROBLEM_CONTENT,
  })
  @ApiUnprocessableEntityResponse({ description: 'The code is not in the loaded catalogue', content: PROBLEM_CONTENT })
  async record(
    @Param('id', ParseUUIDPipe) encounterId: string,
    @Body() body: RecordDiagnosisRequest,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConditionView> {
    const diagnosis = await this.commands.execute(
      new RecordDiagnosis(writer, encounterId, {
        code: body.code,
        display: body.display,
        clinicalStatus: body.clinicalStatus ?? 'active',
        verificationStatus: body.verificationStatus,
        primary: body.primary ?? false,
        note: body.note,
        lateEntryReason: body.lateEntryReason,
      }),
    );
    res.setHeader('Location', `/api/v1/diagnoses/${diagnosis.id}`);
    setVersionTag(res, diagnosis.version);
    return diagnosis;
  }

  @Get('encounters/:id/diagnoses')
  @RequirePermission('emr:read', ENCOUNTER_RECORD)
  @ApiOperation({
    summary: 'The encounter’s diagnoses, newest first (keyset pages)',
    description:
      'Each diagnosis returned is recorded in the audit trail as read (emr.diagnoses), with the purpose of use. 404 for an ' +
      'unknown encounter or one outside your emr:read scope (audited); front desk and billing (no emr:read) get 404 too.',
    operationId: 'listEncounterDiagnoses',
  })
  @ApiPurposeOfUse('Why you read the diagnoses')
  @ApiOkResponse({ type: ConditionPageResponse })
  @ApiNotFoundResponse({
    description: 'No such encounter, one outside your scope, or no emr:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  list(
    @Param('id', ParseUUIDPipe) encounterId: string,
    @Query() query: ListDiagnosesRequest,
    @CurrentReader() reader: RequestReader,
  ): Promise<ConditionPage> {
    return this.queries.execute(new ListEncounterDiagnoses(reader, encounterId, { cursor: query.cursor, limit: query.limit }));
  }

  @Get('diagnoses/:id')
  @RequirePermission('emr:read', DIAGNOSIS_RECORD)
  @ApiOperation({
    summary: 'One diagnosis, with its ETag for a PATCH',
    description:
      'Recorded in the audit trail as read (emr.diagnoses) with the purpose of use, in the statement that loads it. Out of ' +
      'scope answers 404 like a missing one, audited.' +
      AS_OF_READ_DESCRIPTION,
    operationId: 'getDiagnosis',
  })
  @ApiPurposeOfUse('Why you read it')
  @ApiOkResponse({ type: ConditionResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such diagnosis, one outside your scope, or no emr:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() options: AsOfRequest,
    @CurrentReader() reader: RequestReader,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConditionView> {
    const asOf = options.asOf === undefined ? undefined : asOfInstant(options.asOf);
    const condition = await this.queries.execute(new GetCondition(reader, 'encounter-diagnosis', id, asOf));
    setVersionTag(res, condition.version);
    return condition;
  }

  @Patch('diagnoses/:id')
  @RequirePermission('emr:diagnose')
  @ApiOperation({
    summary: 'Change a diagnosis’s clinical or verification status, primary flag or note (null clears the note)',
    description:
      `${WRITE_RULES} Marking it entered-in-error withdraws it (kept, never deleted; it changes no more: 409 ` +
      'EMR.CONDITION_ENTERED_IN_ERROR). A refuted diagnosis or one entered in error stops being primary; making one primary ' +
      'while another is answers 409 EMR.PRIMARY_DIAGNOSIS_TAKEN.',
    operationId: 'updateDiagnosis',
  })
  @ApiOkResponse({ type: ConditionResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @ApiConflictResponse({ description: 'Entered in error already, or a second primary', content: PROBLEM_CONTENT })
  @ApiNotFoundResponse({ description: 'No such diagnosis, or one outside your scopes (audited)', content: PROBLEM_CONTENT })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateDiagnosisRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConditionView> {
    const diagnosis = await this.commands.execute(
      new UpdateCondition(writer, 'encounter-diagnosis', id, version, {
        clinicalStatus: body.clinicalStatus,
        verificationStatus: body.verificationStatus,
        primary: body.primary,
        note: body.note,
      }),
    );
    setVersionTag(res, diagnosis.version);
    return diagnosis;
  }
}
