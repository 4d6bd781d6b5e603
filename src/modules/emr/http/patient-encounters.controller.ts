import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
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
import { setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { instantOf } from '../../../infrastructure/http/instant.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import { CreateEncounter } from '../application/commands/create-encounter.command.js';
import type { EncounterPage, EncounterView } from '../application/encounter-view.js';
import { ListPatientEncounters } from '../application/queries/list-patient-encounters.query.js';
import { CreateEncounterRequest } from './create-encounter.request.js';
import { EncounterPageResponse, EncounterResponse } from './encounter.response.js';
import { ListEncountersRequest } from './list-encounters.request.js';

/** Without encounters:read, a patient's encounters answer the patient's 404 (ADR 25), as out of scope does. */
const PATIENT_RECORD = { refusedAsNotFound: { resourceType: 'Patient', param: 'id' } };

/** A patient's encounters: record one, list them. */
@ApiTags('emr')
@Controller({ path: 'patients/:id/encounters', version: '1' })
export class PatientEncountersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'Record an encounter of the patient, planned or already in progress',
    description:
      'The patient must be within your patients:read scope (404 otherwise, audited; a break-the-glass grant opens records for ' +
      'reading only) and the new encounter within your emr:write scope (422 EMR.DEPARTMENT_OUT_OF_SCOPE, audited). ' +
      'Hospital and department default to yours. The patient is linked to the encounter’s hospital, department and ' +
      'practitioners (care links). 409 EMR.PATIENT_MERGED names the surviving record in survivingPatientId; 409 ' +
      'EMR.ACCOUNT_NUMBER_TAKEN; 422 EMR.ATTENDING_NOT_A_DOCTOR, EMR.UNKNOWN_PRACTITIONER or EMR.UNKNOWN_SERVICE_PROVIDER; ' +
      '400 for a periodStart in the future beyond a 2-minute clock skew.',
    operationId: 'createEncounter',
  })
  @ApiCreatedResponse({ type: EncounterResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({ description: 'No such patient, or one outside your scope', content: PROBLEM_CONTENT })
  @ApiConflictResponse({ description: 'The patient was merged, or the account number is taken', content: PROBLEM_CONTENT })
  @ApiUnprocessableEntityResponse({
    description: 'Attending not a doctor, unknown practitioner, hospital or department, or a department outside your scope',
    content: PROBLEM_CONTENT,
  })
  async create(
    @Param('id', ParseUUIDPipe) patientId: string,
    @Body() body: CreateEncounterRequest,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EncounterView> {
    const encounter = await this.commands.execute(
      new CreateEncounter(writer, patientId, {
        class: body.class,
        status: body.status ?? 'planned',
        hospitalId: body.hospitalId,
        departmentId: body.departmentId,
        attendingPractitionerId: body.attendingPractitionerId,
        careTeamIds: body.careTeamIds,
        reasonText: body.reasonText,
        accountNumber: body.accountNumber,
        periodStart: body.periodStart === undefined ? undefined : instantOf('periodStart', body.periodStart),
      }),
    );
    res.setHeader('Location', `/api/v1/encounters/${encounter.id}`);
    setVersionTag(res, encounter.version);
    return encounter;
  }

  @Get()
  @RequirePermission('encounters:read', PATIENT_RECORD)
  @ApiOperation({
    summary: 'The patient’s encounters within your scope, newest first (keyset pages), optionally of one status',
    description:
      'Each encounter returned is recorded in the audit trail as read (emr.encounters), with the purpose of use. A merged ' +
      'patient id lists the surviving record’s encounters. 404 for an unknown patient, or one you may not read of whom no ' +
      'encounter is in your scope (audited). Clinical members only where your emr:read covers the encounter.',
    operationId: 'listPatientEncounters',
  })
  @ApiPurposeOfUse('Why you read the encounters')
  @ApiOkResponse({ type: EncounterPageResponse })
  @ApiNotFoundResponse({
    description: 'No such patient, one outside your scope, or no encounters:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  list(
    @Param('id', ParseUUIDPipe) patientId: string,
    @Query() query: ListEncountersRequest,
    @CurrentReader() reader: RequestReader,
  ): Promise<EncounterPage> {
    return this.queries.execute(
      new ListPatientEncounters(reader, patientId, { status: query.status, cursor: query.cursor, limit: query.limit }),
    );
  }
}
