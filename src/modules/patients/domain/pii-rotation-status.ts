/** RUNNING until the worker finds no row left under another key (COMPLETED) or stops on one it cannot rewrite (FAILED). */
export const PII_ROTATION_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED'] as const;
export type PiiRotationStatus = (typeof PII_ROTATION_STATUSES)[number];

/** Why a rotation failed, as its events say (the row's `error` has the operator's message). */
export type PiiRotationFailure = 'target-mismatch' | 'unreadable-row' | 'writers-on-another-key' | 'gave-up';
