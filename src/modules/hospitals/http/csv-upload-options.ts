import { CSV_CONTENT_TYPES, isCsvContentType } from '../../../infrastructure/http/csv-content-types.js';
import type { MulterModuleOptions } from '@nestjs/platform-express';
import { UnsupportedFileTypeError } from '../domain/unsupported-file-type.error.js';
import { TempFileStorage } from './temp-file-storage.js';
import type { UploadedFilePart } from './uploaded-csv.js';

/**
 * multer for import uploads: one file, streamed to a temporary file in
 * `directory` as it arrives (never held in memory; the route removes it when
 * the request is done), refused past HOSPITAL_IMPORT_MAX_BYTES while it is
 * still arriving, and refused at its part header when it is not CSV (415),
 * before its bytes are read.
 */
export function csvUploadOptions(maxBytes: number, directory: string): MulterModuleOptions {
  return {
    storage: new TempFileStorage(directory),
    limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 11 },
    fileFilter: (
      _req: unknown,
      file: Pick<UploadedFilePart, 'mimetype'>,
      accept: (error: Error | null, keep: boolean) => void,
    ) => {
      if (isCsvContentType(file.mimetype)) accept(null, true);
      else accept(new UnsupportedFileTypeError(CSV_CONTENT_TYPES), false);
    },
  };
}
