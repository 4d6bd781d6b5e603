import { ServiceUnavailableException, UnsupportedMediaTypeException } from '@nestjs/common';
import { InvalidInputError, uuidv7 } from '@hms/ddd';
import { parse, type Parser } from 'csv-parse';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { CSV_CONTENT_TYPES, isCsvContentType } from '../../../infrastructure/http/csv-content-types.js';
import { type ObjectStorage, StorageUnavailableError } from '../../../infrastructure/storage/object-storage.js';
import type { StoredIntakeFile } from '../application/commands/submit-intake.command.js';
import { INTAKE_CSV_FORMAT } from '../domain/intake-csv.js';
import { TooManyIntakeRecordsError } from '../domain/intake-errors.js';
import { intakeFileKey, intakeFileName } from '../domain/intake-file-name.js';
import { checkIntakeHeader, INTAKE_FIELDS } from '../domain/intake-record.js';

type Callback<T = void> = (error: Error | null, result?: T) => void;

/** The part of multer's file record a storage engine is given, and what this one adds to it. */
interface IncomingFile {
  readonly stream: Readable;
  stored?: StoredIntakeFile;
}

/**
 * Passes a CSV feed's bytes on unchanged while tokenising them beside: the
 * header must name every intake field once (400 naming what is missing or
 * repeated, unknown columns by position only, since a file without a header
 * would put a patient's data there), and the records are counted, up to
 * the limit. A problem fails the stream, so the object being stored is
 * never completed.
 */
class IntakeCsvInspector extends Transform {
  private readonly parser: Parser;
  private header = false;
  records = 0;
  private problem: Error | undefined;

  constructor(private readonly maxRecords: number) {
    super();
    this.parser = parse(INTAKE_CSV_FORMAT);
    this.parser.on('data', (cells: string[]) => this.row(cells));
    this.parser.on('error', (error: Error & { code?: string }) => {
      this.problem ??= new InvalidInputError('The file is not valid CSV; see errors.', [
        { field: 'file', message: `record ${this.records + 1} is not valid CSV (${error.code ?? 'unreadable'})` },
      ]);
    });
  }

  private row(cells: string[]): void {
    if (this.problem) return;
    if (!this.header) {
      this.header = true;
      const problems = checkIntakeHeader(cells);
      if (problems) this.problem = headerError(cells, problems);
      return;
    }
    this.records += 1;
    if (this.records > this.maxRecords) this.problem = new TooManyIntakeRecordsError(this.maxRecords);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.parser.write(chunk, () => done(this.problem ?? null, this.problem ? undefined : chunk));
  }

  override _flush(done: TransformCallback): void {
    this.parser.end(() => {
      if (!this.problem && !this.header)
        this.problem = new InvalidInputError('The file is empty', [{ field: 'file', message: 'file holds no header' }]);
      if (!this.problem && this.records === 0) {
        this.problem = new InvalidInputError('The file holds no records', [
          { field: 'file', message: 'file holds a header and no records' },
        ]);
      }
      done(this.problem ?? null);
    });
  }
}

function headerError(cells: readonly string[], problems: NonNullable<ReturnType<typeof checkIntakeHeader>>): InvalidInputError {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const unknownPositions = names.flatMap((name, index) =>
    (INTAKE_FIELDS as readonly string[]).includes(name) ? [] : [index + 1],
  );
  const errors = [
    ...problems.missing.map((name) => ({ field: name, message: `the header has no ${name} column` })),
    ...problems.repeated.map((name) => ({ field: name, message: `the header names ${name} more than once` })),
    ...unknownPositions.map((position) => ({
      field: `column ${position}`,
      message: `column ${position} is not an intake field`,
    })),
  ];
  return new InvalidInputError(`The header must name exactly these columns, in any order: ${INTAKE_FIELDS.join(', ')}`, errors);
}

/**
 * A multer storage engine for CSV feeds: streams the file part straight to
 * object storage as it arrives (never held in memory or written to a local
 * temporary file), checking its header and counting its records on the
 * way. The stored object is named for a new batch id; the route records the
 * batch, or removes the object when it does not.
 */
export class IntakeUploadStorage {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly maxRecords: number,
  ) {}

  _handleFile(_req: unknown, file: IncomingFile, callback: Callback<Partial<IncomingFile>>): void {
    const batchId = uuidv7();
    const receivedAt = new Date();
    const fileName = intakeFileName(receivedAt, batchId);
    const fileKey = intakeFileKey(fileName);
    const inspector = new IntakeCsvInspector(this.maxRecords);
    pipeline(file.stream, inspector, () => undefined);
    this.storage.put(fileKey, inspector, { contentType: 'text/csv' }).then(
      (stored) => {
        const result: StoredIntakeFile = {
          batchId,
          receivedAt,
          fileName,
          fileKey,
          sha256: stored.sha256,
          bytes: stored.size,
          records: inspector.records,
        };
        callback(null, { stored: result });
      },
      (error: unknown) => {
        // The stream's own problem (header, limit, size) comes first; the storage's failure is only the consequence.
        const cause = inspector.errored ?? error;
        if (cause instanceof StorageUnavailableError) {
          callback(new ServiceUnavailableException('File storage is unavailable; try again later'));
          return;
        }
        callback(cause as Error);
      },
    );
  }

  _removeFile(_req: unknown, file: IncomingFile, callback: Callback): void {
    const key = file.stored?.fileKey;
    delete file.stored;
    if (!key) {
      callback(null);
      return;
    }
    this.storage.delete(key).then(
      () => callback(null),
      (error: unknown) => callback(error as Error),
    );
  }
}

/** Refuses a file part that is not CSV at its header (415), before its bytes are read. */
export function acceptCsvOnly(
  _req: unknown,
  file: { mimetype: string },
  accept: (error: Error | null, keep: boolean) => void,
): void {
  if (isCsvContentType(file.mimetype)) accept(null, true);
  else accept(new UnsupportedMediaTypeException(`Send the file as CSV (${CSV_CONTENT_TYPES.join(', ')})`), false);
}
