/** Messages between the seeding threads and the main thread (patient-seed.ts). */

/** A seeded patient the request pools draw from. */
export interface SeedSample {
  readonly id: string;
  readonly lastName: string;
  readonly dateOfBirth: string;
}

export interface SeedWorkerData {
  /** Patients `from` to `to` (exclusive): numbers that make MRNs, emails and national ids unique. */
  readonly from: number;
  readonly to: number;
  readonly seed: number;
  /** Keep every n-th patient in the sample. */
  readonly sampleEvery: number;
  readonly mrnPrefix: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  /** The server's keyring (PII_ENCRYPTION_KEYS) and active blind-index key (first of PII_BLIND_INDEX_KEYS). */
  readonly piiKeys: readonly { readonly id: string; readonly secret: Uint8Array }[];
  readonly indexKey: { readonly id: string; readonly secret: Uint8Array };
}

export type ToSeedWorker = 'next';

export type FromSeedWorker =
  | { readonly kind: 'chunk'; readonly table: 'patients' | 'links'; readonly text: string; readonly rows: number }
  | { readonly kind: 'end'; readonly table: 'patients' }
  | { readonly kind: 'done'; readonly sample: readonly SeedSample[] };
