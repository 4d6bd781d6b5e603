/** A contiguous run of sequences that left the live table with an archived partition. */
export interface ArchivedRun {
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly firstPrevHash: Buffer;
  readonly lastHash: Buffer;
}
