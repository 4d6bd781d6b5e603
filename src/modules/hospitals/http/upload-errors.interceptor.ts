import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { ImportFileMissingError } from '../domain/import-file-missing.error.js';
import { ImportFileTooLargeError } from '../domain/import-file-too-large.error.js';

/**
 * Placed before FileInterceptor: turns multer's HTTP exceptions into this
 * context's errors, with stable codes and sentences that say what to do.
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const code = (error as { cause?: { code?: unknown } }).cause?.code;
        if (error instanceof PayloadTooLargeException) {
          return throwError(() => new ImportFileTooLargeError(this.config.hospitals.importMaxBytes));
        }
        if (error instanceof BadRequestException && (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT')) {
          return throwError(() => new ImportFileMissingError('Send exactly one CSV file, in the form field "file"'));
        }
        return throwError(() => error);
      }),
    );
  }
}
