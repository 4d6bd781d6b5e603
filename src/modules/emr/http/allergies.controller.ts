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
import { AsOfRequest, asOfInstant } from '../../../infrastructure/http/as-of.js';
import { instantOf } from '../../../infrastructure/http/instant.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import type { AllergyListView, AllergyView } from '../application/allergy-view.js';
import { RecordAllergy } from '../application/commands/record-allergy.command.js';
import { UpdateAllergy } from '../application/commands/update-allergy.command.js';
import { GetAllergy } from '../application/queries/get-allergy.query.js';
import { ListPatientAllergies } from '../application/queries/list-patient-allergies.query.js';
import { RecordAllergyRequest, UpdateAllergyRequest } from './allergy.request.js';
import { AllergyListResponse, AllergyResponse } from './allergy.response.js';

/** Without emr:read, a patient's allergies answer the patient's 404 (ADR 25), as out of scope does. */
const PATIENT_RECORD = { refusedAsNotFound: { resourceType: 'Patient', param: 'id' } };

/** Without emr:read, an allergy record answers its 404 (ADR 25), as out of scope does. */
const ALLERGY_RECORD = { refusedAsNotFound: { resourceType: 'AllergyIntolerance', param: 'id' } };
const CONFLICT = ApiConflictResponse({
  description:
    'EMR.ALLERGY_ASSERTION_CONFLICT: no known allergies beside active allergies or another active assertion; ' +
    'EMR.RECORD_ENTERED_IN_ERROR: the record is entered-in-error; EMR.PATIENT_MERGED; EMR.ENCOUNTER_VOID',
  content: PROBLEM_CONTENT,
});

/** A patient's allergies and intolerances (FHIR AllergyIntolerance), and the "no known allergies" assertion. */
@ApiTags('emr')
@Controller({ path: 'patients/:id/allergies', version: '1' })
export class PatientAllergiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'Record an allergy or intolerance, or assert no known allergies (noKnownAllergies: true)',
    description:
      'Patient-wide: the patient must be within your patients:read scope (404 otherwise, audited); the record is scoped to ' +
      'your hospital and department (the encounter’s when you have none). An active allergy makes an active ' +
      'no-known-allergies assertion inactive; the assertion beside active allergies answers 409. Substance and reactions ' +
      'are clinical free text: encrypted at rest, never in events or logs.',
    operationId: 'recordAllergy',
  })
  @ApiCreatedResponse({ type: AllergyResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such patient or encounter, or one outside your scope (audited)',
    content: PROBLEM_CONTENT,
  })
  @CONFLICT
  @ApiUnprocessableEntityResponse({ description: 'EMR.DEPARTMENT_OUT_OF_SCOPE', content: PROBLEM_CONTENT })
  async record(
    @Param('id', ParseUUIDPipe) patientId: string,
    @Body() body: RecordAllergyRequest,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AllergyView> {
    const allergy = await this.commands.execute(
      new RecordAllergy(writer, patientId, {
        noKnownAllergies: body.noKnownAllergies ?? false,
        encounterId: body.encounterId,
        substance: body.substance,
        type: body.type,
        category: body.category,
        criticality: body.criticality,
        reactions: body.reactions?.map(({ manifestation, severity }) => ({ manifestation, severity })),
        clinicalStatus: body.clinicalStatus,
        verificationStatus: body.verificationStatus,
        onsetAt: body.onsetDateTime === undefined ? undefined : instantOf('onsetDateTime', body.onsetDateTime),
      }),
    );
    setVersionTag(res, allergy.version);
    return allergy;
  }

  @Get()
  @RequirePermission('emr:read', PATIENT_RECORD)
  @ApiOperation({
    summary: 'The patient’s allergies and intolerances within your emr:read scope, newest first, and what they assert',
    description:
      'Patient-wide (ADR 42): when your emr:read reaches the patient (one of its departments or hospitals, or a care link), ' +
      'every record of the patient, whichever department recorded it; otherwise those within your scope. ' +
      'assertion: has-allergies, no-known-allergies, none-active, or not-asked (nothing recorded). Each record returned is ' +
      'recorded in the audit trail as read (emr.allergies), with the purpose of use. 404 for an unknown patient, or one you ' +
      'may not read of whom nothing is in your scope (audited).',
    operationId: 'listPatientAllergies',
  })
  @ApiPurposeOfUse('Why you read the allergies')
  @ApiOkResponse({ type: AllergyListResponse })
  @ApiNotFoundResponse({
    description: 'No such patient, one outside your scope, or no emr:read (audited)',
    content: PROBLEM_CONTENT,
  })
  list(@Param('id', ParseUUIDPipe) patientId: string, @CurrentReader() reader: RequestReader): Promise<AllergyListView> {
    return this.queries.execute(new ListPatientAllergies(reader, patientId));
  }
}

/** One allergy record: changed under If-Match, each change a new version. */
@ApiTags('emr')
@Controller({ path: 'allergies', version: '1' })
export class AllergiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id')
  @RequirePermission('emr:read', ALLERGY_RECORD)
  @ApiOperation({
    summary: 'One allergy record or no-known-allergies assertion, with its ETag for a PATCH',
    description:
      'Recorded in the audit trail as read (emr.allergies) with the purpose of use, in the statement that loads it. Out of ' +
      'scope answers 404 like a missing one, audited.' +
      ' With asOf, the record as it stood at that instant, rebuilt from the audit event store (its ETag the version then; a ' +
      'substance or reactions rewritten since answer null or empty and are named in textsNotKept); 404 before the record ' +
      'existed, 400 for a future asOf.',
    operationId: 'getAllergy',
  })
  @ApiPurposeOfUse('Why you read it')
  @ApiOkResponse({ type: AllergyResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such record, one outside your scope, or no emr:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() options: AsOfRequest,
    @CurrentReader() reader: RequestReader,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AllergyView> {
    const asOf = options.asOf === undefined ? undefined : asOfInstant(options.asOf);
    const allergy = await this.queries.execute(new GetAllergy(reader, id, asOf));
    setVersionTag(res, allergy.version);
    return allergy;
  }

  @Patch(':id')
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'Change an allergy or the no-known-allergies assertion (statuses, substance, reactions, ...)',
    description:
      'verificationStatus entered-in-error clears the clinical status and freezes the record. A record becoming active follows ' +
      'the rule of new ones (an allergy makes the assertion inactive; the assertion beside active allergies is 409). ' +
      'Substance fields on the assertion answer 400.',
    operationId: 'updateAllergy',
  })
  @ApiOkResponse({ type: AllergyResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @CONFLICT
  @ApiNotFoundResponse({ description: 'No such record, or one outside your emr:write scope (audited)', content: PROBLEM_CONTENT })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateAllergyRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AllergyView> {
    const allergy = await this.commands.execute(
      new UpdateAllergy(writer, id, version, {
        substance: body.substance,
        type: body.type,
        category: body.category,
        criticality: body.criticality,
        reactions: body.reactions?.map(({ manifestation, severity }) => ({ manifestation, severity })),
        clinicalStatus: body.clinicalStatus,
        verificationStatus: body.verificationStatus,
        onsetAt:
          body.onsetDateTime === undefined || body.onsetDateTime === null
            ? body.onsetDateTime
            : instantOf('onsetDateTime', body.onsetDateTime),
      }),
    );
    setVersionTag(res, allergy.version);
    return allergy;
  }
}
