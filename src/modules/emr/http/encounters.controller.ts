import { applyDecorators, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Res, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
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
import { instantOf } from '../../../infrastructure/http/instant.js';
import { AS_OF_READ_DESCRIPTION, AsOfRequest, asOfInstant } from '../../../infrastructure/http/as-of.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import { ChangeEncounterStatus } from '../application/commands/change-encounter-status.command.js';
import { UpdateEncounter } from '../application/commands/update-encounter.command.js';
import type { EncounterView } from '../application/encounter-view.js';
import { GetEncounter } from '../application/queries/get-encounter.query.js';
import type { EncounterTransition } from '../domain/encounter-status.js';
import { EncounterInstantRequest } from './encounter-instant.request.js';
import { CancelEncounterRequest, EnteredInErrorRequest } from './encounter-reason.request.js';
import { EncounterResponse } from './encounter.response.js';
import { UpdateEncounterRequest } from './update-encounter.request.js';

/** Without encounters:read, an encounter answers its 404 (ADR 25), as out of scope does. */
const ENCOUNTER_RECORD = { refusedAsNotFound: { resourceType: 'Encounter', param: 'id' } };
const NOT_FOUND = ApiNotFoundResponse({
  description: 'No such encounter, or one outside your emr:write scope (audited)',
  content: PROBLEM_CONTENT,
});
/** Transitions take If-Match when sent; without it the state machine alone decides (a transition is never a blind overwrite). */
const OPTIONAL_IF_MATCH = applyDecorators(
  ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the version you read, e.g. "3"; optional' }),
  ApiResponse({ status: 412, description: 'If-Match named a version that is no longer current', content: PROBLEM_CONTENT }),
);
const TRANSITION_CONFLICT = ApiConflictResponse({
  description:
    'EMR.INVALID_STATUS_TRANSITION: the encounter’s status does not allow it (finished twice, cancelling a finished one)',
  content: PROBLEM_CONTENT,
});

/** One encounter: read it, change its details, move it through its statuses. */
@ApiTags('emr')
@Controller({ path: 'encounters', version: '1' })
export class EncountersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id')
  @RequirePermission('encounters:read', ENCOUNTER_RECORD)
  @ApiOperation({
    summary: 'One encounter; its clinical members only where your emr:read covers it',
    description:
      'Recorded in the audit trail as read (emr.encounters) with the purpose of use, in the statement that loads it. ' +
      'Out of scope answers 404 like a missing encounter, audited as AccessDenied.' +
      AS_OF_READ_DESCRIPTION,
    operationId: 'getEncounter',
  })
  @ApiPurposeOfUse('Why you read the encounter')
  @ApiOkResponse({ type: EncounterResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such encounter, one outside your scope, or no encounters:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() options: AsOfRequest,
    @CurrentReader() reader: RequestReader,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EncounterView> {
    const asOf = options.asOf === undefined ? undefined : asOfInstant(options.asOf);
    const encounter = await this.queries.execute(new GetEncounter(reader, id, asOf));
    setVersionTag(res, encounter.version);
    return encounter;
  }

  @Patch(':id')
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'Change an open encounter’s class, attending practitioner, care team or reason (null clears)',
    description:
      '409 EMR.ENCOUNTER_CLOSED once finished, cancelled or entered-in-error; 422 EMR.ATTENDING_NOT_A_DOCTOR or ' +
      'EMR.UNKNOWN_PRACTITIONER. New practitioners are linked to the patient.',
    operationId: 'updateEncounter',
  })
  @ApiOkResponse({ type: EncounterResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @ApiConflictResponse({ description: 'The encounter is closed', content: PROBLEM_CONTENT })
  @ApiUnprocessableEntityResponse({ description: 'Attending not a doctor, or an unknown practitioner', content: PROBLEM_CONTENT })
  @NOT_FOUND
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateEncounterRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EncounterView> {
    const encounter = await this.commands.execute(
      new UpdateEncounter(writer, id, version, {
        class: body.class,
        attendingPractitionerId: body.attendingPractitionerId,
        careTeamIds: body.careTeamIds,
        reasonText: body.reasonText,
      }),
    );
    setVersionTag(res, encounter.version);
    return encounter;
  }

  @Post(':id/start')
  @HttpCode(200)
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'planned → in-progress; period.start is `at` (now when left out)',
    description: '400 for an `at` in the future beyond a 2-minute clock skew.',
    operationId: 'startEncounter',
  })
  @ApiOkResponse({ type: EncounterResponse, headers: VERSION_TAG_HEADER })
  @OPTIONAL_IF_MATCH
  @TRANSITION_CONFLICT
  @NOT_FOUND
  start(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EncounterInstantRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EncounterView> {
    return this.transition(res, writer, id, 'start', version, {
      at: body.at === undefined ? undefined : instantOf('at', body.at),
    });
  }

  @Post(':id/finish')
  @HttpCode(200)
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'in-progress → finished; period.end is `at` (now when left out)',
    description: '409 for an encounter finished already; 400 for an `at` in the future or before the start.',
    operationId: 'finishEncounter',
  })
  @ApiOkResponse({ type: EncounterResponse, headers: VERSION_TAG_HEADER })
  @OPTIONAL_IF_MATCH
  @TRANSITION_CONFLICT
  @NOT_FOUND
  finish(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EncounterInstantRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EncounterView> {
    return this.transition(res, writer, id, 'finish', version, {
      at: body.at === undefined ? undefined : instantOf('at', body.at),
    });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'planned or in-progress → cancelled, with an optional reason (a started one’s period ends now)',
    description: '409 for a finished, cancelled or entered-in-error encounter.',
    operationId: 'cancelEncounter',
  })
  @ApiOkResponse({ type: EncounterResponse, headers: VERSION_TAG_HEADER })
  @OPTIONAL_IF_MATCH
  @TRANSITION_CONFLICT
  @NOT_FOUND
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelEncounterRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EncounterView> {
    return this.transition(res, writer, id, 'cancel', version, { reason: body.reason });
  }

  @Post(':id/entered-in-error')
  @HttpCode(200)
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'Mark an encounter entered-in-error (recorded by mistake), with a reason: kept and shown, never deleted',
    description: 'From any status but entered-in-error (409 then). The period stays as it was.',
    operationId: 'markEncounterEnteredInError',
  })
  @ApiOkResponse({ type: EncounterResponse, headers: VERSION_TAG_HEADER })
  @OPTIONAL_IF_MATCH
  @TRANSITION_CONFLICT
  @NOT_FOUND
  enteredInError(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EnteredInErrorRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EncounterView> {
    return this.transition(res, writer, id, 'mark-entered-in-error', version, { reason: body.reason });
  }

  private async transition(
    res: Response,
    writer: RequestEditor,
    id: string,
    transition: EncounterTransition,
    version: number | undefined,
    details: { at?: Date; reason?: string },
  ): Promise<EncounterView> {
    const encounter = await this.commands.execute(new ChangeEncounterStatus(writer, id, transition, version, details));
    setVersionTag(res, encounter.version);
    return encounter;
  }
}
