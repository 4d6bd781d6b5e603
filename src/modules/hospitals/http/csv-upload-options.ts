import type { MulterModuleOptions } from '@nestjs/platform-express';
import { UnsupportedFileTypeError } from '../domain/unsupported-file-type.error.js';
import { TempFileStorage } from './temp-file-storage.js';
import type { UploadedFilePart } from './uploaded-csv.js';

/**
 * Content types a CSV file part may carry: what spreadsheets and browsers
 * send for .csv files (Excel on Windows says vnd.ms-excel), and plain text.
 */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'text/plain'] as const;

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
      const type = file.mimetype.toLowerCase();
      if ((CSV_CONTENT_TYPES as readonly string[]).includes(type)) accept(null, true);
      else accept(new UnsupportedFileTypeError(CSV_CONTENT_TYPES), false);
    },
  };
}
