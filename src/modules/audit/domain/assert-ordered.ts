import { InvalidRangeError } from './invalid-range.error.js';

/** Refuses a window whose start lies after its end; either end may be open. */
export function assertOrdered<T extends Date | number>(start: T | undefined, end: T | undefined, names: [string, string]): void {
  if (start !== undefined && end !== undefined && start > end) throw new InvalidRangeError(...names);
}
