import type { PiiRotationKind } from '../domain/pii-rotation-kind.js';

export type PiiRotationCliOptions =
  { readonly action: 'status' } | { readonly action: 'start'; readonly kind: PiiRotationKind; readonly wait: boolean };

export const PII_ROTATE_USAGE = 'usage: pii:rotate [--blind-index] [--wait] | pii:rotate --status';

/** Reads `pii:rotate` arguments; a string is the usage error to print. */
export function parsePiiRotationCliOptions(args: readonly string[]): PiiRotationCliOptions | string {
  const flags = new Set(args);
  const unknown = [...flags].filter((flag) => !['--blind-index', '--wait', '--status'].includes(flag));
  if (unknown.length > 0) return `unknown argument ${unknown[0]}; ${PII_ROTATE_USAGE}`;
  if (flags.has('--status')) {
    return flags.size === 1 ? { action: 'status' } : `--status takes no other argument; ${PII_ROTATE_USAGE}`;
  }
  return { action: 'start', kind: flags.has('--blind-index') ? 'blind-index' : 'encryption', wait: flags.has('--wait') };
}
