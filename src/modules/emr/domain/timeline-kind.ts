/**
 * What a patient's clinical timeline shows, one kind per EMR record (ADR 34).
 * Lab results and dispensed medicines join when their contexts exist.
 */
export const TIMELINE_KINDS = ['encounter', 'note', 'diagnosis', 'problem', 'vitals', 'allergy'] as const;

export type TimelineKind = (typeof TIMELINE_KINDS)[number];
