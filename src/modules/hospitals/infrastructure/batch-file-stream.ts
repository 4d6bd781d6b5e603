import { Readable } from 'node:stream';

/** Reads `length` bytes from `offset` of a stored file; an empty or missing slice ends the file. */
export type SliceReader = (offset: number, length: number) => Promise<Buffer | undefined>;

/** Slices small enough to keep memory flat, large enough that round trips do not dominate. */
export const FILE_SLICE_BYTES = 256 * 1024;

/**
 * A stored import file as a byte stream, read from PostgreSQL one slice at
 * a time as the consumer asks for more: a file of any size costs one slice
 * of memory (the column is stored uncompressed, so each slice is a cheap read).
 */
export class BatchFileStream extends Readable {
  private offset = 0;

  constructor(
    private readonly readSlice: SliceReader,
    private readonly sliceBytes = FILE_SLICE_BYTES,
  ) {
    super({ highWaterMark: sliceBytes });
  }

  override _read(): void {
    this.readSlice(this.offset, this.sliceBytes).then(
      (slice) => {
        if (!slice || slice.length === 0) {
          this.push(null);
          return;
        }
        this.offset += slice.length;
        this.push(slice);
      },
      (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
