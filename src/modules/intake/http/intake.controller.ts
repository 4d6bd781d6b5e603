import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@hms/authz';
import { InvalidInputError } from '@hms/ddd';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { CurrentEditor, type RequestEditor } from '../../../infrastructure/http/current-reader.decorator.js';
import { IdempotencyKey } from '../../../infrastructure/http/idempotency-key.decorator.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { type StoredIntakeFile, SubmitIntake, type SubmittedIntake } from '../application/commands/submit-intake.command.js';
import type { IntakeBatchPage, IntakeBatchView, IntakeRecordPage } from '../application/intake-batch-view.js';
import { GetIntakeBatch } from '../application/queries/get-intake-batch.query.js';
import { ListIntakeBatches } from '../application/queries/list-intake-batches.query.js';
import { ExportIntakeRecords, ListIntakeRecords } from '../application/queries/list-intake-records.query.js';
import { INTAKE_FIELDS } from '../domain/intake-record.js';
import { checkIntakeRequest } from '../domain/intake-request.js';
import {
  IntakeAcceptedResponse,
  IntakeBatchPageResponse,
  IntakeBatchResponse,
  IntakeRecordPageResponse,
} from './intake.response.js';
import {
  ExportIntakeRecordsRequest,
  IntakeDestinationRequest,
  ListIntakeBatchesRequest,
  ListIntakeRecordsRequest,
} from './intake.request.js';

const RECORD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mrn: { type: 'string', maxLength: 40, example: 'MRN-1001', description: 'The sender’s MRN: letters, digits and hyphens' },
    first_name: { type: 'string', maxLength: 100 },
    last_name: { type: 'string', maxLength: 100 },
    birth_date: { type: 'string', format: 'date', example: '1980-02-29' },
    visit_account_number: { type: 'string', maxLength: 40, example: 'VISIT-77', description: 'Letters, digits and hyphens' },
    visit_date: { type: 'string', format: 'date' },
    reason: { type: 'string', maxLength: 500 },
  },
};
const IDEMPOTENCY_HEADER = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description:
    'Up to 200 visible ASCII characters. The same key with the same feed answers the first batch (Idempotent-Replayed: true); ' +
    'with another feed, 422 INTAKE.IDEMPOTENCY_KEY_REUSED',
});
const STORAGE_DOWN = ApiResponse({
  status: 503,
  description: 'The file could not be stored (object storage unreachable); nothing was recorded or queued, try again',
  content: PROBLEM_CONTENT,
});
const DESTINATION_PROBLEMS = ApiResponse({
  status: 422,
  description:
    'INTAKE.HOSPITAL_OUT_OF_SCOPE (intake:submit:hospital sends to your own hospital only), INTAKE.UNKNOWN_SERVICE_PROVIDER, ' +
    'or INTAKE.IDEMPOTENCY_KEY_REUSED',
  content: PROBLEM_CONTENT,
});
const notFound = ApiNotFoundResponse({
  description: 'No such batch, or one of another hospital than yours',
  content: PROBLEM_CONTENT,
});
const PROCESSING =
  'Processed in the background in file order: a patient with that (hospital, MRN) external identifier is updated where first ' +
  'name, last name or birth date differ, else registered; then the visit is added as a finished outpatient encounter. A visit ' +
  'number already recorded for the patient with the same date and reason is skipped as a duplicate; any other clash is that ' +
  'record’s error, and nothing of it is written. Records are checked one by one (errors per field, GET .../records?outcome=error).';

/** Patient and visit feeds: JSON or CSV in, a batch to follow. */
@ApiTags('intake')
@Controller({ path: 'ingest', version: '1' })
export class IntakeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @RequirePermission('intake:submit')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send a feed of patient and visit records as a JSON array',
    description:
      `The receiving hospital is the hospitalId query parameter. The body is a JSON array of 1 to INGEST_MAX_RECORDS ` +
      `(default 10,000) objects with exactly these fields, each a string: ${INTAKE_FIELDS.join(', ')}. The whole request is ` +
      'refused (400, nothing stored) when it is not such an array, a record has an unknown field or a value that is not text; ' +
      '413 past the limit (larger feeds: POST /ingest/csv). It is stored as CSV in object storage, then recorded as a batch. ' +
      PROCESSING,
    operationId: 'ingestRecords',
  })
  @ApiBody({ schema: { type: 'array', minItems: 1, maxItems: 10_000, items: RECORD_SCHEMA } })
  @IDEMPOTENCY_HEADER
  @ApiAcceptedResponse({
    type: IntakeAcceptedResponse,
    headers: { Location: { description: 'The batch’s status URL', schema: { type: 'string' } } },
  })
  @ApiResponse({
    status: 400,
    description: 'Not a JSON array of records, or unknown fields: errors[] names them',
    content: PROBLEM_CONTENT,
  })
  @ApiResponse({
    status: 413,
    description: 'More records than INGEST_MAX_RECORDS (the limit in `limit`)',
    content: PROBLEM_CONTENT,
  })
  @ApiResponse({ status: 415, description: 'The body is not application/json', content: PROBLEM_CONTENT })
  @DESTINATION_PROBLEMS
  @STORAGE_DOWN
  async ingest(
    @Query() destination: IntakeDestinationRequest,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentEditor() submitter: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IntakeAcceptedResponse> {
    const records = checkIntakeRequest(body, this.config.intake.maxRecords);
    const submitted = await this.commands.execute(
      new SubmitIntake(submitter, destination.hospitalId, destination.departmentId, idempotencyKey, { source: 'json', records }),
    );
    return accepted(submitted, res);
  }

  @Post('csv')
  @RequirePermission('intake:submit')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Send a large feed as a CSV file (multipart), streamed to object storage as it arrives',
    description:
      `The file's header names exactly these columns, in any order and case: ${INTAKE_FIELDS.join(', ')}. UTF-8 (a BOM is ` +
      'dropped), CRLF or LF, RFC 4180 quoting (commas, quotes and line breaks in quoted cells). A wrong header answers 400 ' +
      'naming the missing and repeated columns (unknown ones by position); up to INGEST_CSV_MAX_RECORDS records and ' +
      'INGEST_CSV_MAX_BYTES bytes (413). Text that starts like a spreadsheet formula is kept verbatim. ' +
      PROCESSING,
    operationId: 'ingestCsv',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @IDEMPOTENCY_HEADER
  @ApiAcceptedResponse({ type: IntakeAcceptedResponse })
  @ApiResponse({
    status: 400,
    description: 'No file, a wrong header, no records, or not CSV: errors[] says which',
    content: PROBLEM_CONTENT,
  })
  @ApiResponse({
    status: 413,
    description: 'The file is over INGEST_CSV_MAX_BYTES or its records over INGEST_CSV_MAX_RECORDS',
    content: PROBLEM_CONTENT,
  })
  @DESTINATION_PROBLEMS
  @STORAGE_DOWN
  async ingestCsv(
    @Query() destination: IntakeDestinationRequest,
    @Req() req: Request & { file?: { stored?: StoredIntakeFile } },
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentEditor() submitter: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IntakeAcceptedResponse> {
    const file = req.file?.stored;
    if (!file) {
      throw new InvalidInputError('Send one CSV file in the form field "file"', [{ field: 'file', message: 'file is required' }]);
    }
    const submitted = await this.commands.execute(
      new SubmitIntake(submitter, destination.hospitalId, destination.departmentId, idempotencyKey, { source: 'csv', file }),
    );
    return accepted(submitted, res);
  }

  @Get('batches')
  @RequirePermission('intake:read')
  @ApiOperation({ summary: 'Feeds received, newest first, within your intake:read scope', operationId: 'listIntakeBatches' })
  @ApiOkResponse({ type: IntakeBatchPageResponse })
  list(@Query() query: ListIntakeBatchesRequest, @CurrentPrincipal() reader: Principal): Promise<IntakeBatchPage> {
    return this.queries.execute(new ListIntakeBatches(reader, query.hospitalId, query.page, query.pageSize));
  }

  @Get('batches/:id')
  @RequirePermission('intake:read')
  @ApiOperation({
    summary: 'A batch’s status (received, processing, completed, completed-with-errors, failed), counters, timings and progress',
    operationId: 'getIntakeBatch',
  })
  @ApiOkResponse({ type: IntakeBatchResponse })
  @notFound
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() reader: Principal): Promise<IntakeBatchView> {
    return this.queries.execute(new GetIntakeBatch(reader, id));
  }

  @Get('batches/:id/records.csv')
  @RequirePermission('intake:read')
  @ApiOperation({
    summary: 'All of a batch’s per-record outcomes as CSV, in file order; outcome= narrows to one kind',
    description:
      'Columns position, outcome, patient, visit, mrn, visit_account_number (the sender’s own, as sent), patient_id, ' +
      'encounter_id, errors. Every cell is quoted and text a spreadsheet would run as a formula (=, +, -, @ first) gets ' +
      'a leading single quote. Streamed; audited as a read of the batch’s outcomes.',
    operationId: 'exportIntakeRecords',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv; charset=utf-8', content: { 'text/csv': { schema: { type: 'string' } } } })
  @notFound
  async exportRecords(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ExportIntakeRecordsRequest,
    @CurrentEditor() reader: RequestEditor,
    @Res() res: Response,
  ): Promise<void> {
    const lines = await this.queries.execute(new ExportIntakeRecords(reader, id, query.outcome));
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="intake_records_${id}.csv"`);
    await pipeline(Readable.from(lines), res);
  }

  @Get('batches/:id/records')
  @RequirePermission('intake:read')
  @ApiOperation({
    summary: 'Per-record outcomes of a batch in file order, with field errors; outcome= narrows to one kind',
    operationId: 'listIntakeRecords',
  })
  @ApiOkResponse({ type: IntakeRecordPageResponse })
  @notFound
  records(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListIntakeRecordsRequest,
    @CurrentEditor() reader: RequestEditor,
  ): Promise<IntakeRecordPage> {
    return this.queries.execute(new ListIntakeRecords(reader, id, query.outcome, query.page, query.pageSize));
  }
}

function accepted({ view, replayed }: SubmittedIntake, res: Response): IntakeAcceptedResponse {
  const statusUrl = `/api/v1/ingest/batches/${view.batchId}`;
  res.setHeader('Location', statusUrl);
  if (replayed) res.setHeader('Idempotent-Replayed', 'true');
  return { ...view, statusUrl };
}
