import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as commonLanguage from '@zxcvbn-ts/language-common';
import * as englishLanguage from '@zxcvbn-ts/language-en';

/** zxcvbn's verdict on a password: a score from 0 to 4 and, when weak, why, in plain English. */
export interface PasswordStrength {
  readonly score: number;
  readonly warning: string | null;
  readonly suggestions: readonly string[];
}

let estimator: ZxcvbnFactory | undefined;

/**
 * Built on first use, then shared: ranking the dictionaries (tens of thousands of breached
 * passwords, English words and names) takes a few hundred milliseconds, too long for every call
 * and wasted at start-up in processes that never set a password.
 */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonLanguage.dictionary, ...englishLanguage.dictionary },
    graphs: commonLanguage.adjacencyGraphs,
    // Feedback comes back as these English sentences rather than bare translation keys.
    translations: englishLanguage.translations,
  });
  return estimator;
}

/**
 * How guessable `password` is; `personalWords` (the user's email, name…) count as words an
 * attacker tries first. The cost grows with the length: callers cap it beforehand.
 */
export function estimatePasswordStrength(password: string, personalWords: readonly string[]): PasswordStrength {
  const { score, feedback } = zxcvbn().check(password, [...personalWords]);
  return { score, warning: feedback.warning, suggestions: feedback.suggestions };
}
