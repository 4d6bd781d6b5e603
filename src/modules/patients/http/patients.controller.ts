import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DEFAULT_PURPOSE_OF_USE, type PurposeOfUse, RequirePermission } from '@hms/authz';
import type { Response } from 'express';
import { ApiIfMatch, IfMatchVersion, setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { DeactivatePatient } from '../application/commands/deactivate-patient.command.js';
import { MergePatients } from '../application/commands/merge-patients.command.js';
import { RegisterPatient } from '../application/commands/register-patient.command.js';
import { UpdatePatient } from '../application/commands/update-patient.command.js';
import type { PatientEditor, PatientReader } from '../application/patient-reader.js';
import type { PatientPage, PatientView } from '../application/patient-view.js';
import { FindPatients } from '../application/queries/find-patients.query.js';
import { GetPatientAsOf } from '../application/queries/get-patient-as-of.query.js';
import { GetPatientHistory } from '../application/queries/get-patient-history.query.js';
import { GetPatient } from '../application/queries/get-patient.query.js';
import type { PatientDetailChanges } from '../domain/patient-details.js';
import type { EmergencyContact, PostalAddress } from '../domain/patient-personal-data.js';
import type { AddressRequest } from './address.request.js';
import { DeactivatePatientRequest } from './deactivate-patient.request.js';
import type { EmergencyContactRequest } from './emergency-contact.request.js';
import { FindPatientsRequest } from './find-patients.request.js';
import { MergePatientsRequest } from './merge-patients.request.js';
import { asOfInstant } from '../../../infrastructure/http/as-of.js';
import { RequestValidationError } from '../../../infrastructure/http/request-validation.error.js';
import { ListEncountersOfPatients } from '../../emr/index.js';
import { GetPatientRequest } from './include.request.js';
import { PatientHistoryResponse } from './patient-history.response.js';
import { PatientPageResponse } from './patient-page.response.js';
import { PatientResponse } from './patient.response.js';
import { REGISTRATION_CONFLICT_CONTENT } from './possible-duplicate.problem.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import { CurrentEditor, CurrentReader } from '../../../infrastructure/http/current-reader.decorator.js';
import { RegisterPatientRequest } from './register-patient.request.js';
import { RegistrationOptionsRequest } from './registration-options.request.js';
import { UpdatePatientRequest } from './update-patient.request.js';

const PURPOSE_OF_USE = ApiPurposeOfUse('Why you read the record', DEFAULT_PURPOSE_OF_USE);
/** A registration reads other patients only to look for duplicates: patient administration, unless the client says why. */
const REGISTRATION_PURPOSE: PurposeOfUse = 'PATADMIN';
const NOT_FOUND = ApiNotFoundResponse({ description: 'No such patient, or one outside your scope', content: PROBLEM_CONTENT });
const RECORD_NOT_FOUND = ApiNotFoundResponse({
  description: 'No such patient, one outside your scope, or no patients:read at all (audited like out of scope)',
  content: PROBLEM_CONTENT,
});
/** Without patients:read, a patient's record answers its 404 (ADR 25), as out of scope does. */
const PATIENT_RECORD = { refusedAsNotFound: { resourceType: 'Patient', param: 'id' } };
const UNREADABLE = ApiInternalServerErrorResponse({
  description: 'PATIENT.UNREADABLE: the stored record failed its integrity check; nothing of it is served',
  content: PROBLEM_CONTENT,
});

/** undefined stays undefined (unchanged), null stays null (cleared); optional members become null. */
function addressOf(value: AddressRequest | null | undefined): PostalAddress | null | undefined {
  if (!value) return value;
  return {
    line1: value.line1,
    line2: value.line2 ?? null,
    city: value.city,
    region: value.region ?? null,
    postalCode: value.postalCode ?? null,
    country: value.country,
  };
}

function contactOf(value: EmergencyContactRequest | null | undefined): EmergencyContact | null | undefined {
  if (!value) return value;
  return { name: value.name, relationship: value.relationship, phone: value.phone };
}

/** The details of a registration or a change, as the commands take them (absent members stay undefined: unchanged). */
function detailsOf(body: RegisterPatientRequest | UpdatePatientRequest): PatientDetailChanges {
  return {
    firstName: body.firstName,
    middleName: body.middleName,
    lastName: body.lastName,
    dateOfBirth: body.dateOfBirth,
    sex: body.sex,
    phone: body.phone,
    email: body.email,
    address: addressOf(body.address),
    nationalId: body.nationalId,
    emergencyContact: contactOf(body.emergencyContact),
    preferredLanguage: body.preferredLanguage,
  };
}

/** The master patient index: registration, lookup, search, changes, deactivation and merges. */
@ApiTags('patients')
@Controller({ path: 'patients', version: '1' })
export class PatientsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequirePermission('patients:register')
  @ApiOperation({
    summary: 'Register a patient',
    description:
      'Answers 409 PATIENT.POSSIBLE_DUPLICATE when unmerged patients have the same name and date of birth, unless ' +
      '?allowDuplicate=true: `candidates` lists those you may read (id, mrn, registeringHospitalId, status), ' +
      '`candidatesOutsideScope` counts the others without identifying them. Every match of such an answer is recorded in ' +
      'the audit trail, with the purpose of use. 409 PATIENT.MRN_TAKEN for a taken mrn; 422 PATIENT.MRN_CHECK_DIGIT, ' +
      'PATIENT.UNKNOWN_HOSPITAL or PATIENT.HOSPITAL_OUT_OF_SCOPE.',
    operationId: 'registerPatient',
  })
  @ApiPurposeOfUse('Why you register (the duplicate check reads other patients)', REGISTRATION_PURPOSE)
  @ApiCreatedResponse({ type: PatientResponse, headers: VERSION_TAG_HEADER })
  @ApiConflictResponse({
    description: 'A possible duplicate (candidates you may read, a count of the others), or the mrn is taken',
    content: REGISTRATION_CONFLICT_CONTENT,
  })
  @ApiUnprocessableEntityResponse({
    description: 'Wrong mrn check digit, unknown registering hospital, or one other than yours',
    content: PROBLEM_CONTENT,
  })
  async register(
    @Body() body: RegisterPatientRequest,
    @Query() options: RegistrationOptionsRequest,
    @CurrentReader(REGISTRATION_PURPOSE) registrar: PatientReader,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientResponse> {
    const patient = await this.commands.execute(
      new RegisterPatient(registrar, {
        details: detailsOf(body),
        mrn: body.mrn,
        registeringHospitalId: body.registeringHospitalId,
        allowDuplicate: options.allowDuplicate ?? false,
      }),
    );
    res.setHeader('Location', `/api/v1/patients/${patient.id}`);
    setVersionTag(res, patient.version);
    return patient;
  }

  @Get()
  @RequirePermission('patients:read')
  @ApiOperation({
    summary: 'Find patients by exact (normalised) values, within your scope, oldest first',
    description:
      'Every patient returned is recorded in the audit trail as read, with the filter names (never their values) and the ' +
      'purpose of use. firstName only together with lastName.',
    operationId: 'findPatients',
  })
  @PURPOSE_OF_USE
  @ApiOkResponse({ type: PatientPageResponse })
  @UNREADABLE
  async find(@Query() query: FindPatientsRequest, @CurrentReader() reader: PatientReader): Promise<PatientPage> {
    const page = await this.queries.execute(
      new FindPatients(
        reader,
        {
          mrn: query.mrn,
          firstName: query.firstName,
          lastName: query.lastName,
          dateOfBirth: query.dateOfBirth,
          phone: query.phone,
          email: query.email,
          nationalId: query.nationalId,
          status: query.status,
          registeringHospitalId: query.registeringHospitalId,
        },
        query.page,
        query.pageSize,
      ),
    );
    return query.include === 'encounters' ? { ...page, items: await this.withEncounters(reader, page.items) } : page;
  }

  @Get(':id')
  @RequirePermission('patients:read', PATIENT_RECORD)
  @ApiOperation({
    summary: 'One patient (a merged one answers with status merged and mergedIntoId); ?asOf= for the record as it was then',
    description:
      'Recorded in the audit trail as read, with the purpose of use (and asOf). With asOf, the record as it stood at that ' +
      'instant, rebuilt from the audit event store; 404 when the patient was not registered yet; 400 for a future asOf.',
    operationId: 'getPatient',
  })
  @PURPOSE_OF_USE
  @ApiOkResponse({ type: PatientResponse, headers: VERSION_TAG_HEADER })
  @RECORD_NOT_FOUND
  @UNREADABLE
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() options: GetPatientRequest,
    @CurrentReader() reader: PatientReader,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientResponse> {
    if (options.asOf !== undefined && options.include !== undefined) {
      throw new RequestValidationError([{ field: 'include', message: 'include is not available with asOf' }]);
    }
    if (options.asOf !== undefined) {
      // A past state is not the current version: no ETag to send back with an If-Match.
      return this.queries.execute(new GetPatientAsOf(reader, id, asOfInstant(options.asOf)));
    }
    const patient = await this.queries.execute(new GetPatient(reader, id));
    setVersionTag(res, patient.version);
    return options.include === 'encounters' ? (await this.withEncounters(reader, [patient]))[0] : patient;
  }

  @Get(':id/history')
  @RequirePermission('patients:read', PATIENT_RECORD)
  @ApiOperation({
    summary: 'Every version of a patient, oldest first, from the audit event store',
    description:
      'Each version is the record as it stood after that change, masked like the current record. Recorded in the audit ' +
      'trail as a history read, with the purpose of use.',
    operationId: 'getPatientHistory',
  })
  @PURPOSE_OF_USE
  @ApiOkResponse({ type: PatientHistoryResponse })
  @RECORD_NOT_FOUND
  @UNREADABLE
  history(@Param('id', ParseUUIDPipe) id: string, @CurrentReader() reader: PatientReader): Promise<PatientHistoryResponse> {
    return this.queries.execute(new GetPatientHistory(reader, id));
  }

  @Patch(':id')
  @RequirePermission('patients:update')
  @ApiOperation({
    summary: 'Change a patient’s details (null clears an optional field)',
    description:
      '409 PATIENT.MERGED for a merged patient. mrn, status, mergedIntoId and registeringHospitalId are not changed here.',
    operationId: 'updatePatient',
  })
  @ApiOkResponse({ type: PatientResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @ApiConflictResponse({ description: 'The patient was merged into another', content: PROBLEM_CONTENT })
  @NOT_FOUND
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePatientRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() editor: PatientEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientResponse> {
    const patient: PatientView = await this.commands.execute(new UpdatePatient(editor, id, version, detailsOf(body)));
    setVersionTag(res, patient.version);
    return patient;
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @RequirePermission('patients:deactivate')
  @ApiOperation({
    summary: 'Mark a patient inactive or deceased',
    description: '409 PATIENT.MERGED for a merged patient, PATIENT.DECEASED to make a deceased patient inactive.',
    operationId: 'deactivatePatient',
  })
  @ApiOkResponse({ type: PatientResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @ApiConflictResponse({ description: 'Merged, or deceased', content: PROBLEM_CONTENT })
  @NOT_FOUND
  async deactivate(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DeactivatePatientRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() editor: PatientEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientResponse> {
    const patient: PatientView = await this.commands.execute(
      new DeactivatePatient(editor, id, version, body.reason ?? 'inactive'),
    );
    setVersionTag(res, patient.version);
    return patient;
  }

  @Post(':id/merge')
  @HttpCode(200)
  @RequirePermission('patients:merge')
  @ApiOperation({
    summary: 'Merge this (duplicate) patient into another',
    description:
      'This record becomes merged and points to intoPatientId, whose record is unchanged but gains this one’s care links. ' +
      '409 PATIENT.MERGED when this one is merged already; 422 PATIENT.MERGE_INTO_ITSELF or PATIENT.MERGE_TARGET_MERGED.',
    operationId: 'mergePatient',
  })
  @ApiOkResponse({ type: PatientResponse, headers: VERSION_TAG_HEADER, description: 'This patient, now merged' })
  @ApiConflictResponse({ description: 'This patient is merged already', content: PROBLEM_CONTENT })
  @ApiUnprocessableEntityResponse({ description: 'Into itself, or into a merged patient', content: PROBLEM_CONTENT })
  @NOT_FOUND
  async merge(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MergePatientsRequest,
    @CurrentEditor() editor: PatientEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientResponse> {
    const patient: PatientView = await this.commands.execute(new MergePatients(editor, id, body.intoPatientId));
    setVersionTag(res, patient.version);
    return patient;
  }

  /** Each patient read with the encounters the reader may see (the EMR's contract: scoped, audited, one statement for the page). */
  private async withEncounters<P extends { readonly id: string }>(reader: PatientReader, patients: readonly P[]) {
    if (patients.length === 0) return [];
    const byPatient = await this.queries.execute(
      new ListEncountersOfPatients(
        reader,
        patients.map((p) => p.id),
      ),
    );
    return patients.map((patient) => ({ ...patient, encounters: byPatient.get(patient.id) ?? [] }));
  }
}
