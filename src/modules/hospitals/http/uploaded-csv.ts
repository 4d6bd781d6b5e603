import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { createReadStream } from 'node:fs';
import type { ImportFile } from '../application/import-file.js';
import { ImportFileMissingError } from '../domain/import-file-missing.error.js';
import type { StoredUpload } from './temp-file-storage.js';

/** Read-ahead of each pass over the temporary file: one part of the stored file (FILE_PART_BYTES). */
const READ_CHUNK_BYTES = 256 * 1024;

/** The part of multer's file record an import uses (TempFileStorage). */
export interface UploadedFilePart extends StoredUpload {
  readonly fieldname: string;
  readonly mimetype: string;
}

/** The `file` part FileInterceptor('file') stored, as an ImportFile read from its temporary file; 400 when the request has none. */
export const UploadedCsv = createParamDecorator((_data: unknown, ctx: ExecutionContext): ImportFile => {
  const file = ctx.switchToHttp().getRequest<Request & { file?: UploadedFilePart }>().file;
  if (!file) throw new ImportFileMissingError();
  const { path, size, sha256 } = file;
  return { bytes: size, sha256, read: () => createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }) };
});
