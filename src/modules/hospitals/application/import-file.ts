import type { FileReader } from '../domain/hospital-csv-validator.js';

/**
 * An import file as the commands and queries take it: kept outside the
 * process's heap (the HTTP layer's temporary file), described by its size
 * and SHA-256, and read as a stream from its start as often as needed
 * (validation reads it two or three times, storage once more).
 */
export interface ImportFile {
  readonly bytes: number;
  /** Hex. */
  readonly sha256: string;
  readonly read: FileReader;
}
