import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import { CurrentReader, type RequestReader } from '../../../infrastructure/http/current-reader.decorator.js';
import { instantOf } from '../../../infrastructure/http/instant.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import { RequestValidationError } from '../../../infrastructure/http/request-validation.error.js';
import { GetPatientTimeline } from '../application/queries/get-patient-timeline.query.js';
import type { TimelinePage } from '../application/timeline-view.js';
import { TimelineRequest } from './timeline.request.js';
import { TimelinePageResponse } from './timeline.response.js';

/** Without emr:read, the timeline answers the patient's 404 (ADR 25), as out of scope does. */
const PATIENT_RECORD = { refusedAsNotFound: { resourceType: 'Patient', param: 'id' } };

/** A patient's clinical timeline (ADR 34). */
@ApiTags('emr')
@Controller({ path: 'patients/:id/timeline', version: '1' })
export class PatientTimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('emr:read', PATIENT_RECORD)
  @ApiOperation({
    summary: 'The patient’s clinical timeline within your emr:read scope, newest first (keyset pages)',
    description:
      'Encounters, notes, diagnoses, problems, vitals and allergies in one list, filterable by kind and by a range of ' +
      'instants [from, to). Each entry returned is recorded in the audit trail as read under its own kind (emr.encounters, ' +
      'emr.notes, …), with the purpose of use. Entries carry codes, ids and numbers; free texts are read at each entry’s href. ' +
      'A merged patient id shows the surviving record’s timeline. 404 for an unknown patient, or one you may not read of ' +
      'whom nothing is in your scope (audited).',
    operationId: 'getPatientTimeline',
  })
  @ApiPurposeOfUse('Why you read the timeline')
  @ApiOkResponse({ type: TimelinePageResponse })
  @ApiNotFoundResponse({
    description: 'No such patient, one outside your scope, or no emr:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  timeline(
    @Param('id', ParseUUIDPipe) patientId: string,
    @Query() query: TimelineRequest,
    @CurrentReader() reader: RequestReader,
  ): Promise<TimelinePage> {
    const from = query.from === undefined ? undefined : instantOf('from', query.from);
    const to = query.to === undefined ? undefined : instantOf('to', query.to);
    if (from && to && to < from) throw new RequestValidationError([{ field: 'to', message: 'to must not be before from' }]);
    return this.queries.execute(
      new GetPatientTimeline(reader, patientId, {
        kinds: query.kind && [...new Set(query.kind)],
        from,
        to,
        cursor: query.cursor,
        limit: query.limit,
      }),
    );
  }
}
