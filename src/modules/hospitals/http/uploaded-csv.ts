import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ImportFileMissingError } from '../domain/import-file-missing.error.js';

/** The part of multer's file record an import uses (memory storage). */
export interface UploadedFilePart {
  readonly fieldname: string;
  readonly mimetype: string;
  readonly size: number;
  readonly buffer: Buffer;
}

/** The bytes of the `file` part FileInterceptor('file') received; 400 when the request has none. */
export const UploadedCsv = createParamDecorator((_data: unknown, ctx: ExecutionContext): Buffer => {
  const file = ctx.switchToHttp().getRequest<Request & { file?: UploadedFilePart }>().file;
  if (!file) throw new ImportFileMissingError();
  return file.buffer;
});
