/** One invalid input, as RFC 9457 extension member `errors[]`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
  /** For tabular input (CSV imports): the 1-based data row. */
  readonly row?: number;
  readonly column?: string;
}

/** RFC 9457 problem details, with HMS's extension members. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly correlationId?: string;
  /** Stable machine-readable code, e.g. `APPOINTMENT.RESCHEDULE_LIMIT_REACHED`. */
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs: one per stable code; `about:blank` for plain HTTP statuses. */
export function problemTypeFor(code: string | undefined): string {
  if (!code) return 'about:blank';
  return `urn:hms:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
