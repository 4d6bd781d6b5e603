import {
  applyDecorators,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { ImportFile } from '../application/import-file.js';
import type { Response } from 'express';
import { ActivateHospitalBatch } from '../application/commands/activate-hospital-batch.command.js';
import { DeleteHospitalBatch } from '../application/commands/delete-hospital-batch.command.js';
import { UploadHospitalBatch } from '../application/commands/upload-hospital-batch.command.js';
import { GetHospitalBatch } from '../application/queries/get-hospital-batch.query.js';
import { ValidateHospitalCsv } from '../application/queries/validate-hospital-csv.query.js';
import { BatchUploadResponse } from './batch-upload.response.js';
import { CSV_CONTENT_TYPES } from '../../../infrastructure/http/csv-content-types.js';
import { CsvUploadInterceptor } from './csv-upload.interceptor.js';
import { CsvValidationResponse } from './csv-validation.response.js';
import { HospitalBatchResponse } from './hospital-batch.response.js';
import { IdempotencyKey } from '../../../infrastructure/http/idempotency-key.decorator.js';
import { UploadedCsv } from './uploaded-csv.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';

const CSV_FORM = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description:
          `UTF-8 CSV (BOM optional) with the header name,address[,phone]; sent as ${CSV_CONTENT_TYPES.join(', ')}. ` +
          'At most HOSPITAL_IMPORT_MAX_ROWS data rows and HOSPITAL_IMPORT_MAX_BYTES bytes.',
      },
    },
  },
};
const FileProblems = () =>
  applyDecorators(
    ApiResponse({
      status: 400,
      description: 'Invalid CSV: errors[] lists {field, row, column, message} for every problem',
      content: PROBLEM_CONTENT,
    }),
    ApiResponse({ status: 413, description: 'The file is larger than HOSPITAL_IMPORT_MAX_BYTES', content: PROBLEM_CONTENT }),
    ApiResponse({ status: 415, description: 'The file part is not CSV', content: PROBLEM_CONTENT }),
  );
const notFound = ApiNotFoundResponse({ description: 'No such batch', content: PROBLEM_CONTENT });
const inProgress = ApiConflictResponse({ description: 'The batch is still being processed', content: PROBLEM_CONTENT });

/** CSV imports of hospitals: validate, upload, track, activate, delete. */
@ApiTags('hospitals')
@Controller({ path: 'hospitals', version: '1' })
export class HospitalImportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('bulk/validate')
  @RequirePermission('hospitals:import')
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(CsvUploadInterceptor, FileInterceptor('file'))
  @ApiOperation({ summary: 'Check a CSV file against the import rules; stores nothing', operationId: 'validateHospitalCsv' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(CSV_FORM)
  @ApiOkResponse({ type: CsvValidationResponse })
  @FileProblems()
  async validate(@UploadedCsv() file: ImportFile): Promise<CsvValidationResponse> {
    const { totalRows } = await this.queries.execute(new ValidateHospitalCsv(file));
    return { message: 'CSV is valid', totalRows };
  }

  @Post('bulk')
  @RequirePermission('hospitals:import')
  @UseInterceptors(CsvUploadInterceptor, FileInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a CSV file of hospitals; valid files are processed in the background as a batch of inactive hospitals',
    operationId: 'uploadHospitalBatch',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(CSV_FORM)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Up to 200 visible ASCII characters. The same key with the same file answers the same batch; with another file, 422',
  })
  @ApiCreatedResponse({ type: BatchUploadResponse })
  @ApiResponse({ status: 422, description: 'The Idempotency-Key was used for a different file', content: PROBLEM_CONTENT })
  @ApiResponse({
    status: 503,
    description: 'The file could not be stored (object storage unreachable); nothing was recorded, try again',
    content: PROBLEM_CONTENT,
  })
  @FileProblems()
  async upload(
    @UploadedCsv() file: ImportFile,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BatchUploadResponse> {
    const { view, replayed } = await this.commands.execute(new UploadHospitalBatch(actor, file, idempotencyKey));
    res.setHeader('Location', `/api/v1/hospitals/batch/${view.batchId}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return view;
  }

  @Get('batch/:batchId')
  @RequirePermission('hospitals:read')
  @ApiOperation({
    summary: 'Progress and outcome of an import batch, with the hospitals it created',
    operationId: 'getHospitalBatch',
  })
  @ApiOkResponse({ type: HospitalBatchResponse })
  @notFound
  get(@Param('batchId', ParseUUIDPipe) batchId: string): Promise<HospitalBatchResponse> {
    return this.queries.execute(new GetHospitalBatch(batchId));
  }

  @Patch('batch/:batchId/activate')
  @RequirePermission('hospitals:import')
  @ApiOperation({
    summary: 'Make every hospital of a finished batch active, all at once; repeating it changes nothing',
    operationId: 'activateHospitalBatch',
  })
  @ApiOkResponse({ type: HospitalBatchResponse })
  @notFound
  @inProgress
  activate(@Param('batchId', ParseUUIDPipe) batchId: string, @CurrentActor() actor: Actor): Promise<HospitalBatchResponse> {
    return this.commands.execute(new ActivateHospitalBatch(actor, batchId));
  }

  @Delete('batch/:batchId')
  @RequirePermission('hospitals:import')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a finished batch and its hospitals, all at once, unless something refers to one of them',
    operationId: 'deleteHospitalBatch',
  })
  @ApiNoContentResponse()
  @notFound
  @ApiConflictResponse({
    description: 'The batch is still being processed, or departments, users or patients refer to its hospitals',
    content: PROBLEM_CONTENT,
  })
  async delete(@Param('batchId', ParseUUIDPipe) batchId: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.commands.execute(new DeleteHospitalBatch(actor, batchId));
  }
}
