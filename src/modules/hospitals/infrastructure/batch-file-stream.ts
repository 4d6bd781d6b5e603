import { Readable } from 'node:stream';

/** Reads part `index` (from 0) of a stored file; a missing part ends the file. */
export type PartReader = (index: number) => Promise<Buffer | undefined>;

/** Parts small enough to keep memory flat, large enough that round trips do not dominate. */
export const FILE_PART_BYTES = 256 * 1024;

/**
 * A stored import file as a byte stream, read from PostgreSQL one part at a
 * time as the consumer asks for more: a file of any size costs one part of
 * memory.
 */
export class BatchFileStream extends Readable {
  private next = 0;

  constructor(private readonly readPart: PartReader) {
    super({ highWaterMark: FILE_PART_BYTES });
  }

  override _read(): void {
    this.readPart(this.next).then(
      (part) => {
        if (!part || part.length === 0) {
          this.push(null);
          return;
        }
        this.next += 1;
        this.push(part);
      },
      (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
