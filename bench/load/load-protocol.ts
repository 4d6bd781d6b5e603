/** Messages between the harness and a load-generator child process (node IPC, JSON). */

export interface HttpRequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/api/v1/auth/me`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * Per-request unique values: every occurrence of `placeholder` in a request's
 * path and body is replaced by `prefix` and a counter written in letters
 * (`a`, `b`, ... `ba`), different for every request this load sends, warm-up
 * included. Letters only, so the value fits a name field.
 */
export interface UniqueValues {
  readonly placeholder: string;
  readonly prefix: string;
}

/**
 * Dates that move on through a load: every occurrence of `placeholder` in a
 * request's path and body is replaced by `firstDate` (YYYY-MM-DD) plus one
 * day for every `requestsPerDate` requests this load has sent, warm-up
 * included, so each date gets the same number of requests and none is
 * visited twice.
 */
export interface AdvancingDates {
  readonly placeholder: string;
  readonly firstDate: string;
  readonly requestsPerDate: number;
}

/** One autocannon run as the child receives it. */
export interface LoadJob {
  readonly origin: string;
  /** Each request picks one of these at random; one entry sends the same request throughout. */
  readonly requests: readonly HttpRequestSpec[];
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly timeoutSeconds: number;
  /** Keep response times per status code, to tell e.g. a signed-in answer from a refused one. */
  readonly latencyByStatus: boolean;
  readonly unique?: UniqueValues;
  readonly dates?: AdvancingDates;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export interface RunSummary {
  readonly durationSeconds: number;
  /** Completed requests (responses of any status). */
  readonly requests: number;
  /** Mean of autocannon's per-second samples. */
  readonly requestsPerSecond: number;
  readonly latencyMs: LatencySummary;
  readonly statuses: Readonly<Record<string, number>>;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly timeouts: number;
  readonly latencyByStatus?: Readonly<Record<string, LatencySummary>>;
  /** CPU time of the load generator itself during the run (user + system). */
  readonly generatorCpuSeconds: number;
}

export type ToGenerator = { readonly kind: 'run'; readonly job: LoadJob };

export type FromGenerator =
  | { readonly kind: 'ready' }
  | { readonly kind: 'measuring' }
  | { readonly kind: 'done'; readonly warmup?: RunSummary; readonly measured: RunSummary }
  | { readonly kind: 'failed'; readonly message: string };
