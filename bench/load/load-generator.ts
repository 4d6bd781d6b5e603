/**
 * A load-generator child process: runs one autocannon load (warm-up, then
 * the measured run) and reports back over IPC. It lives in its own process
 * so the load does not share an event loop with the harness or the server.
 */
import autocannon from 'autocannon';
import type { FromGenerator, HttpRequestSpec, LatencySummary, LoadJob, RunSummary, ToGenerator } from './load-protocol.js';

function send(message: FromGenerator): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
}

function summarise(times: number[]): LatencySummary {
  const sorted = Float64Array.from(times).sort();
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : 0);
  const total = times.reduce((sum, t) => sum + t, 0);
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1] : 0,
    mean: sorted.length ? total / sorted.length : 0,
  };
}

function asRequest(spec: HttpRequestSpec): autocannon.Request {
  return { method: spec.method, path: spec.path, headers: { ...spec.headers }, body: spec.body };
}

/** Requests sent so far with a unique value; kept across the warm-up and the measured run, so no value repeats. */
let uniqueCounter = 0;

/** n in letters: 0 → a, 25 → z, 26 → ba (base 26, `a` as zero). */
function letters(n: number): string {
  let text = '';
  do {
    text = String.fromCharCode(97 + (n % 26)) + text;
    n = Math.floor(n / 26);
  } while (n > 0);
  return text;
}

/** The request with every occurrence of `placeholder` in its path and body replaced by `value`. */
function replaced(request: autocannon.Request, placeholder: string, value: string): autocannon.Request {
  const replace = (text: string) => text.split(placeholder).join(value);
  return {
    ...request,
    path: request.path && replace(request.path),
    body: typeof request.body === 'string' ? replace(request.body) : request.body,
  };
}

function withUniqueValue(request: autocannon.Request, unique: NonNullable<LoadJob['unique']>): autocannon.Request {
  return replaced(request, unique.placeholder, `${unique.prefix}${letters(uniqueCounter++)}`);
}

/** Requests sent so far on advancing dates; kept across the warm-up and the measured run, like the unique counter. */
let datedCounter = 0;
const DAY_MS = 86_400_000;

function withDate(request: autocannon.Request, dates: NonNullable<LoadJob['dates']>): autocannon.Request {
  const day = Math.floor(datedCounter++ / dates.requestsPerDate);
  const date = new Date(Date.parse(`${dates.firstDate}T00:00:00Z`) + day * DAY_MS).toISOString().slice(0, 10);
  return replaced(request, dates.placeholder, date);
}

function runOnce(job: LoadJob, seconds: number): Promise<RunSummary> {
  const [first] = job.requests;
  const options: autocannon.Options = {
    url: `${job.origin}${first.path}`,
    connections: job.connections,
    duration: seconds,
    timeout: job.timeoutSeconds,
    ...asRequest(first),
  };
  if (job.requests.length > 1 || job.unique || job.dates) {
    const pool = job.requests.map(asRequest);
    const { unique, dates } = job;
    // Every request draws from the pool, so connections do not walk the same sequence in step.
    // Merged into autocannon's request, which carries the host, port and default headers.
    const draw = (base: autocannon.Request) => {
      const picked = pool[Math.floor(Math.random() * pool.length)];
      return { ...base, ...picked, headers: { ...base.headers, ...picked.headers } };
    };
    const setupRequest = (base: autocannon.Request) => {
      const drawn = unique ? withUniqueValue(draw(base), unique) : draw(base);
      return dates ? withDate(drawn, dates) : drawn;
    };
    options.requests = [{ setupRequest }];
  }
  const byStatus = new Map<number, number[]>();
  const cpuBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, result) => {
      if (error) return reject(error instanceof Error ? error : new Error('autocannon failed'));
      const cpu = process.cpuUsage(cpuBefore);
      const statuses: Record<string, number> = {};
      for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number(stat.count ?? 0);
      const latencyByStatus: Record<string, LatencySummary> = {};
      for (const [code, times] of byStatus) latencyByStatus[String(code)] = summarise(times);
      resolve({
        durationSeconds: result.duration,
        requests: result.requests.total,
        requestsPerSecond: result.requests.average,
        latencyMs: {
          count: result.requests.total,
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
          mean: result.latency.mean,
        },
        statuses,
        errors: result.errors,
        timeouts: result.timeouts,
        ...(job.latencyByStatus ? { latencyByStatus } : {}),
        generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
      });
    });
    if (job.latencyByStatus) {
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        const times = byStatus.get(statusCode) ?? [];
        times.push(responseTime);
        byStatus.set(statusCode, times);
      });
    }
  });
}

async function run(job: LoadJob): Promise<void> {
  const warmup = job.warmupSeconds > 0 ? await runOnce(job, job.warmupSeconds) : undefined;
  await send({ kind: 'measuring' });
  const measured = await runOnce(job, job.durationSeconds);
  await send({ kind: 'done', warmup, measured });
}

process.once('message', (message: ToGenerator) => {
  run(message.job)
    .catch((error: unknown) => send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => process.disconnect());
});
void send({ kind: 'ready' });
