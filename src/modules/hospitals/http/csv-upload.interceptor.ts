import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { DomainError } from '@hms/ddd';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { ImportFileMissingError } from '../domain/import-file-missing.error.js';
import { ImportFileTooLargeError } from '../domain/import-file-too-large.error.js';
import { removeTempFile } from './temp-file-storage.js';

/**
 * Placed before FileInterceptor on the import routes. Turns multer's HTTP
 * exceptions into this context's errors, with stable codes and sentences
 * that say what to do; and removes the request's temporary file
 * (TempFileStorage) when the route is done with it, whatever the outcome,
 * before the answer leaves. Files multer drops itself (too large, a client
 * gone mid-upload) multer removes.
 */
@Injectable()
export class CsvUploadInterceptor implements NestInterceptor {
  private readonly logger = new Logger('CsvUpload');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context.switchToHttp().getRequest<Request & { file?: { path?: string } }>(), next));
  }

  private async handle(req: Request & { file?: { path?: string } }, next: CallHandler): Promise<unknown> {
    try {
      return await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      throw this.translate(error, req);
    } finally {
      // The answer stands either way (a batch may be committed): a file that cannot be removed is logged, for the operator.
      if (req.file?.path) {
        await removeTempFile(req.file.path).catch((error: unknown) =>
          this.logger.warn({ err: error, path: req.file?.path }, 'could not remove a temporary upload'),
        );
      }
    }
  }

  private translate(error: unknown, req: Request): unknown {
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    if (error instanceof PayloadTooLargeException) return new ImportFileTooLargeError(this.config.hospitals.importMaxBytes);
    if (error instanceof BadRequestException && (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT')) {
      return new ImportFileMissingError('Send exactly one CSV file, in the form field "file"');
    }
    // multer's "Request aborted" / "Request closed": the client went away mid-upload; a client error, not ours.
    if (!(error instanceof HttpException || error instanceof DomainError) && req.destroyed && !req.complete) {
      return new ImportFileMissingError('The upload ended before the whole file arrived; send it again');
    }
    return error;
  }
}
