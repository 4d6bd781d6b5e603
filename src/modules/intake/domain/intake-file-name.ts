/**
 * The stored file's name (issue 18): `patient_intake_<UTC timestamp>_<batchId>.csv`,
 * the timestamp in ISO 8601's basic form to the second (20261207T141503Z), so
 * names sort by arrival and hold no character a file system or bucket minds.
 */
export function intakeFileName(receivedAt: Date, batchId: string): string {
  const stamp = receivedAt
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `patient_intake_${stamp}_${batchId}.csv`;
}

/** Where the file is kept in object storage. */
export function intakeFileKey(fileName: string): string {
  return `intake/${fileName}`;
}
