import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** zxcvbn's verdict on a password: a score from 0 to 4 and, when weak, why, in plain English. */
export interface PasswordStrength {
  readonly score: number;
  readonly warning: string | null;
  readonly suggestions: readonly string[];
}

let estimator: Promise<ZxcvbnFactory> | undefined;

/**
 * Loaded on first use, then shared. Importing the dictionaries (tens of thousands of breached
 * passwords, English words and names) and ranking them takes a second or so: too long for every
 * call, and wasted at the start of every process (api, worker, CLI) that never sets a password.
 */
function zxcvbn(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, english] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      // Feedback comes back as these English sentences rather than bare translation keys.
      translations: english.translations,
    });
  })().catch((error: unknown) => {
    // A failed load is not remembered: the next password tries again.
    estimator = undefined;
    throw error;
  });
  return estimator;
}

/**
 * How guessable `password` is; `personalWords` (the user's email, name…) count as words an
 * attacker tries first. The cost grows with the length: callers cap it beforehand.
 */
export async function estimatePasswordStrength(password: string, personalWords: readonly string[]): Promise<PasswordStrength> {
  const { score, feedback } = (await zxcvbn()).check(password, [...personalWords]);
  return { score, warning: feedback.warning, suggestions: feedback.suggestions };
}
