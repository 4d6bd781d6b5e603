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
import { RecordProblem } from '../application/commands/record-problem.command.js';
import { UpdateCondition } from '../application/commands/update-condition.command.js';
import type { ConditionPage, ConditionView } from '../application/condition-view.js';
import { GetCondition } from '../application/queries/get-condition.query.js';
import { ListPatientProblems } from '../application/queries/list-patient-problems.query.js';
import { RecordProblemRequest, UpdateProblemRequest } from './condition.request.js';
import { ConditionPageResponse, ConditionResponse } from './condition.response.js';
import { ListProblemsRequest } from './list-conditions.request.js';

/** Without emr:read, a patient's problem list answers the patient's 404 (ADR 25), as out of scope does. */
const PATIENT_RECORD = { refusedAsNotFound: { resourceType: 'Patient', param: 'id' } };

/** Without emr:read, a problem-list entry answers its 404 (ADR 25), as out of scope does. */
const PROBLEM_RECORD = { refusedAsNotFound: { resourceType: 'Problem', param: 'id' } };

/** The patient's problem list: long-term conditions, recorded from any encounter. */
@ApiTags('emr')
@Controller({ version: '1' })
export class ProblemsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('patients/:id/problems')
  @RequirePermission('emr:diagnose')
  @ApiOperation({
    summary: 'Add a long-term condition to the patient’s problem list (FHIR Condition, category problem-list-item)',
    description:
      'Needs emr:diagnose besides emr:write (403 without it). The patient must be within your patients:read scope (404 ' +
      'otherwise, audited; a break-the-glass grant opens records for reading only); a merged record answers 409 ' +
      'EMR.PATIENT_MERGED naming the surviving one. The entry is patient-wide, filed under your hospital and department and ' +
      'you as its recorder; an encounterId names the encounter it was recorded from (the patient’s, within your emr:write ' +
      'scope: 404 otherwise, audited; 409 EMR.ENCOUNTER_VOID when cancelled or entered in error). 400 for a code of the ' +
      'wrong form, dates in the future or an abatement that does not fit; 422 EMR.UNKNOWN_DIAGNOSIS_CODE.',
    operationId: 'recordProblem',
  })
  @ApiCreatedResponse({ type: ConditionResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such patient or encounter, or one outside your scope (audited)',
    content: PROBLEM_CONTENT,
  })
  @ApiConflictResponse({ description: 'The patient was merged, or the encounter is void', content: PROBLEM_CONTENT })
  @ApiUnprocessableEntityResponse({ description: 'The code is not in the loaded catalogue', content: PROBLEM_CONTENT })
  async record(
    @Param('id', ParseUUIDPipe) patientId: string,
    @Body() body: RecordProblemRequest,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConditionView> {
    const problem = await this.commands.execute(
      new RecordProblem(writer, patientId, {
        code: body.code,
        display: body.display,
        clinicalStatus: body.clinicalStatus ?? 'active',
        verificationStatus: body.verificationStatus,
        onsetDate: body.onsetDate,
        abatementDate: body.abatementDate,
        note: body.note,
        encounterId: body.encounterId,
      }),
    );
    res.setHeader('Location', `/api/v1/problems/${problem.id}`);
    setVersionTag(res, problem.version);
    return problem;
  }

  @Get('patients/:id/problems')
  @RequirePermission('emr:read', PATIENT_RECORD)
  @ApiOperation({
    summary: 'The patient’s problem list within your scope, newest first (keyset pages), optionally of one clinical status',
    description:
      'Patient-wide (ADR 42): when your emr:read reaches the patient (one of its departments or hospitals, or a care link), ' +
      'every entry of the patient, whichever department recorded it; otherwise those within your scope. ' +
      'Each entry returned is recorded in the audit trail as read (emr.problems), with the purpose of use. A merged patient id ' +
      'lists the surviving record’s. 404 for an unknown patient, or one you may not read of whom no entry is in your scope ' +
      '(audited); front desk and billing (no emr:read) get 404 too.',
    operationId: 'listPatientProblems',
  })
  @ApiPurposeOfUse('Why you read the problem list')
  @ApiOkResponse({ type: ConditionPageResponse })
  @ApiNotFoundResponse({
    description: 'No such patient, one outside your scope, or no emr:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  list(
    @Param('id', ParseUUIDPipe) patientId: string,
    @Query() query: ListProblemsRequest,
    @CurrentReader() reader: RequestReader,
  ): Promise<ConditionPage> {
    return this.queries.execute(
      new ListPatientProblems(reader, patientId, {
        clinicalStatus: query.clinicalStatus,
        cursor: query.cursor,
        limit: query.limit,
      }),
    );
  }

  @Get('problems/:id')
  @RequirePermission('emr:read', PROBLEM_RECORD)
  @ApiOperation({
    summary: 'One problem-list entry, with its ETag for a PATCH',
    description:
      'Recorded in the audit trail as read (emr.problems) with the purpose of use, in the statement that loads it. Out of ' +
      'scope answers 404 like a missing one, audited.' +
      AS_OF_READ_DESCRIPTION,
    operationId: 'getProblem',
  })
  @ApiPurposeOfUse('Why you read it')
  @ApiOkResponse({ type: ConditionResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such problem-list entry, one outside your scope, or no emr:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() options: AsOfRequest,
    @CurrentReader() reader: RequestReader,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConditionView> {
    const asOf = options.asOf === undefined ? undefined : asOfInstant(options.asOf);
    const condition = await this.queries.execute(new GetCondition(reader, 'problem-list-item', id, asOf));
    setVersionTag(res, condition.version);
    return condition;
  }

  @Patch('problems/:id')
  @RequirePermission('emr:diagnose')
  @ApiOperation({
    summary: 'Change a problem-list entry’s clinical or verification status, onset, abatement or note (null clears)',
    description:
      'Needs emr:diagnose besides emr:write, both covering the entry (404 otherwise, audited). Entered-in-error withdraws it ' +
      '(kept; 409 EMR.CONDITION_ENTERED_IN_ERROR afterwards). An abatement needs clinicalStatus inactive, remission or ' +
      'resolved (400).',
    operationId: 'updateProblem',
  })
  @ApiOkResponse({ type: ConditionResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @ApiConflictResponse({ description: 'Entered in error already', content: PROBLEM_CONTENT })
  @ApiNotFoundResponse({
    description: 'No such problem-list entry, or one outside your scopes (audited)',
    content: PROBLEM_CONTENT,
  })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateProblemRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConditionView> {
    const problem = await this.commands.execute(
      new UpdateCondition(writer, 'problem-list-item', id, version, {
        clinicalStatus: body.clinicalStatus,
        verificationStatus: body.verificationStatus,
        onsetDate: body.onsetDate,
        abatementDate: body.abatementDate,
        note: body.note,
      }),
    );
    setVersionTag(res, problem.version);
    return problem;
  }
}
