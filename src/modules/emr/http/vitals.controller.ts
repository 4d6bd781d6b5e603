import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
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
import { instantOf } from '../../../infrastructure/http/instant.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import { RequestValidationError } from '../../../infrastructure/http/request-validation.error.js';
import { MarkVitalEnteredInError } from '../application/commands/mark-vital-entered-in-error.command.js';
import { RecordVitals } from '../application/commands/record-vitals.command.js';
import { ListPatientVitals } from '../application/queries/list-patient-vitals.query.js';
import type { VitalObservationView, VitalSetView, VitalTrendPage } from '../application/vital-view.js';
import { EnteredInErrorRequest } from './encounter-reason.request.js';
import { ListVitalsRequest, RecordVitalsRequest } from './vitals.request.js';
import { VitalObservationResponse, VitalSetResponse, VitalTrendPageResponse } from './vitals.response.js';

/** Without emr:read, a patient's vitals answer the patient's 404 (ADR 25), as out of scope does. */
const PATIENT_RECORD = { refusedAsNotFound: { resourceType: 'Patient', param: 'id' } };

/** A set of vitals on an encounter (FHIR Observation, category vital-signs). */
@ApiTags('emr')
@Controller({ path: 'encounters/:id/vitals', version: '1' })
export class EncounterVitalsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'Record a set of vital signs measured together on the encounter: all stored or none',
    description:
      'LOINC codes with their one UCUM unit each; a unit other than the code’s, an unknown code, a value outside what is ' +
      'physically possible, a diastolic pressure not below the systolic one or an effectiveDateTime in the future answer 400 ' +
      'naming every field at fault (observations[i].unit, ...), and nothing is stored. Values outside the adult normal range ' +
      'are stored with their interpretation (L, H, LL, HH). With weight and height in the set, the server adds the BMI. ' +
      'A finished encounter takes vitals only as a late entry with lateEntryReason (409 EMR.ENCOUNTER_LOCKED otherwise); a ' +
      'cancelled or entered-in-error one never (409 EMR.ENCOUNTER_VOID).',
    operationId: 'recordVitals',
  })
  @ApiCreatedResponse({ type: VitalSetResponse, headers: VERSION_TAG_HEADER })
  @ApiConflictResponse({ description: 'The encounter is locked or void, or the entry is not late', content: PROBLEM_CONTENT })
  @ApiNotFoundResponse({
    description: 'No such encounter, or one outside your emr:write scope (audited)',
    content: PROBLEM_CONTENT,
  })
  async record(
    @Param('id', ParseUUIDPipe) encounterId: string,
    @Body() body: RecordVitalsRequest,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VitalSetView> {
    const set = await this.commands.execute(
      new RecordVitals(writer, encounterId, {
        observations: body.observations.map(({ code, value, unit }) => ({ code, value, unit })),
        effectiveAt: body.effectiveDateTime === undefined ? undefined : instantOf('effectiveDateTime', body.effectiveDateTime),
        lateEntryReason: body.lateEntryReason,
      }),
    );
    setVersionTag(res, set.version);
    return set;
  }
}

/** One observation: marked entered-in-error, never deleted. */
@ApiTags('emr')
@Controller({ path: 'vitals', version: '1' })
export class VitalsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/entered-in-error')
  @HttpCode(200)
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'Mark one observation entered-in-error, with a reason: kept and shown as such, never deleted',
    description:
      'A BMI computed from a weight or height so marked is marked with it. 409 EMR.RECORD_ENTERED_IN_ERROR when marked already. ' +
      'The reason is clinical free text: encrypted at rest, never in events or logs.',
    operationId: 'markVitalEnteredInError',
  })
  @ApiOkResponse({ type: VitalObservationResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @ApiConflictResponse({ description: 'Marked entered-in-error already', content: PROBLEM_CONTENT })
  @ApiNotFoundResponse({
    description: 'No such observation, or one outside your emr:write scope (audited)',
    content: PROBLEM_CONTENT,
  })
  async enteredInError(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EnteredInErrorRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VitalObservationView> {
    const observation = await this.commands.execute(new MarkVitalEnteredInError(writer, id, version, body.reason));
    setVersionTag(res, observation.version);
    return observation;
  }
}

/** A patient's vital signs over time. */
@ApiTags('emr')
@Controller({ path: 'patients/:id/vitals', version: '1' })
export class PatientVitalsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('emr:read', PATIENT_RECORD)
  @ApiOperation({
    summary: 'The patient’s vital signs within your emr:read scope, newest measured first (keyset pages): a trend',
    description:
      'Optionally of one LOINC code and measured within [from, to]. Each observation returned is recorded in the audit trail ' +
      'as read (emr.vitals), with the purpose of use. A merged patient id lists the surviving record’s. 404 for an unknown ' +
      'patient, or one you may not read of whom nothing is in your scope (audited).',
    operationId: 'listPatientVitals',
  })
  @ApiPurposeOfUse('Why you read the vital signs')
  @ApiOkResponse({ type: VitalTrendPageResponse })
  @ApiNotFoundResponse({
    description: 'No such patient, one outside your scope, or no emr:read (audited)',
    content: PROBLEM_CONTENT,
  })
  list(
    @Param('id', ParseUUIDPipe) patientId: string,
    @Query() query: ListVitalsRequest,
    @CurrentReader() reader: RequestReader,
  ): Promise<VitalTrendPage> {
    const from = query.from === undefined ? undefined : instantOf('from', query.from);
    const to = query.to === undefined ? undefined : instantOf('to', query.to);
    if (from && to && from.getTime() > to.getTime()) {
      throw new RequestValidationError([{ field: 'from', message: 'from must not be after to' }]);
    }
    return this.queries.execute(
      new ListPatientVitals(reader, patientId, {
        code: query.code,
        status: query.status ?? 'final',
        from,
        to,
        cursor: query.cursor,
        limit: query.limit,
      }),
    );
  }
}
