import type { TimelineKind } from '../domain/timeline-kind.js';

/** One entry of a patient's clinical timeline: what happened, when, on which encounter, and where the whole record is. */
export interface TimelineEntryView {
  readonly kind: TimelineKind;
  readonly id: string;
  /** When it sits on the timeline: an encounter's start (or booking), a note's writing, a measurement's time, a record's recording. */
  readonly occurredAt: Date;
  readonly encounterId: string | null;
  /** The record's own FHIR status. */
  readonly status: string;
  readonly version: number;
  /** Codes, ids, numbers and instants of the record; its free texts are served by `href` alone. */
  readonly summary: Readonly<Record<string, unknown>>;
  /** The record's own route, under /api/v1; null for a set of vitals, whose entry carries every value. */
  readonly href: string | null;
}

export interface TimelinePage {
  readonly items: readonly TimelineEntryView[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}
