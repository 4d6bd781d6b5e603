import { KEYRING_OF_KIND, type PiiRotationKind } from './pii-rotation-kind.js';

/**
 * Passes over the table one run makes. A pass that ends with rows still
 * under another key means some process wrote them meanwhile with an older
 * keyring; after this many passes the rotation stops rather than chase it.
 */
export const MAX_ROTATION_PASSES = 5;

export type AfterPass =
  { readonly next: 'complete' } | { readonly next: 'another-pass' } | { readonly next: 'fail'; readonly error: string };

/** What to do when a pass found no more rows after its position: `remaining` counts every row not under the target. */
export function afterPass(kind: PiiRotationKind, targetKeyId: string, passesDone: number, remaining: number): AfterPass {
  if (remaining === 0) return { next: 'complete' };
  if (passesDone < MAX_ROTATION_PASSES) return { next: 'another-pass' };
  return {
    next: 'fail',
    error:
      `${remaining} rows were still written under another key than ${targetKeyId} after ${passesDone} passes: ` +
      `a process still runs with a ${KEYRING_OF_KIND[kind]} whose first key is not ${targetKeyId}. ` +
      'Restart every process with the new keyring, then run pii:rotate again',
  };
}

/**
 * Why a worker must not run a rotation: its own active key is not the
 * target the rotation was started for, so what it wrote would not be what
 * the operator asked for. Undefined when they agree.
 */
export function targetRefusal(kind: PiiRotationKind, targetKeyId: string, activeKeyId: string): string | undefined {
  if (targetKeyId === activeKeyId) return undefined;
  const keyring = KEYRING_OF_KIND[kind];
  return (
    `the worker's active ${keyring} key is ${activeKeyId}, not the rotation's target ${targetKeyId}: ` +
    `the processes' configurations disagree. Give every process the same ${keyring} (new key first), restart them, ` +
    'and run pii:rotate again'
  );
}

/** The message of a rotation stopped by a row it could not read; ids and columns only, never values. */
export function unreadableRowError(patientId: string, column: string, reason: string): string {
  return (
    `patient ${patientId}: ${column} could not be decrypted (${reason}); the rows before it are rewritten and kept. ` +
    'Restore the value (or add its key to the keyring), then run pii:rotate again to continue'
  );
}

/** The same for a row of another context's encrypted text table. */
export function unreadableTextError(table: string, rowId: string, column: string, reason: string): string {
  return (
    `${table} ${rowId}: ${column} could not be decrypted (${reason}); the rows before it are rewritten and kept. ` +
    'Restore the value (or add its key to the keyring), then run pii:rotate again to continue'
  );
}

/** The message of a rotation whose job failed for good (retries exhausted, or the job stalled too often). */
export function gaveUpError(reason: string): string {
  return `the rotation job stopped after repeated failures (${reason}); completed batches are kept. Run pii:rotate again to continue`;
}

/** Bull progress of a run: rows it rewrote against the rows left when it started; 100 only once completed. */
export function progressPercent(rewritten: number, remainingAtStart: number): number {
  if (remainingAtStart <= 0) return 99;
  return Math.min(99, Math.floor((rewritten * 100) / remainingAtStart));
}
