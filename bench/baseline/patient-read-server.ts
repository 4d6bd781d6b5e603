/**
 * The HTTP side the bench's plain baselines share: routes on node:http
 * (GET /api/v1/patients/:id, GET /api/v1/patients/:id/timeline, or any a
 * baseline names), /health/live, problem answers for refusals, request
 * bodies read with a cap, and a graceful stop on SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** A refused request: the status it answers, and the problem's fields when there is more to say than the status. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly problem?: Readonly<Record<string, unknown>>,
  ) {
    super(String(status));
  }
}

const PATIENT_PATH =
  /^\/api\/v1\/patients\/([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})(\/timeline)?$/i;

/** A baseline's read of one patient's data: the JSON body and, for a versioned record, its version (the ETag). */
export type PatientRead = (
  req: IncomingMessage,
  patientId: string,
  res: ServerResponse,
  query: URLSearchParams,
) => Promise<{ readonly body: string; readonly version?: number }>;

/** The routes a baseline serves; any other path answers 404. */
export interface PatientReads {
  /** GET /api/v1/patients/:id */
  readonly patient?: PatientRead;
  /** GET /api/v1/patients/:id/timeline */
  readonly timeline?: PatientRead;
}

/** A JSON answer of a route: 200 unless it says otherwise, with its version as the ETag if it has one. */
export interface RouteAnswer {
  readonly body: string;
  readonly status?: number;
  readonly version?: number;
}

/** One route of a baseline: a method and a path pattern, answered from the match and the query. */
export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: RegExp;
  handle(req: IncomingMessage, match: RegExpExecArray, res: ServerResponse, query: URLSearchParams): Promise<RouteAnswer>;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/problem+json'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A request's body as text; a Refusal 413 past `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) reject(new Refusal(413));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Serves `routes` on the port and host; on SIGTERM or SIGINT, requests in flight finish, then `close` runs. */
export function serveRoutes(port: number, host: string, routes: readonly Route[], close: () => Promise<unknown>): void {
  const server = createServer((req, res) => {
    const [path, search = ''] = (req.url ?? '').split('?', 2);
    if (req.method === 'GET' && path === '/health/live') return send(res, 200, '{"status":"ok"}', 'application/json');
    const route = routes.find((r) => r.method === req.method && r.path.test(path));
    const match = route?.path.exec(path);
    if (!route || !match) return send(res, 404, '{"status":404}');
    route.handle(req, match, res, new URLSearchParams(search)).then(
      ({ body, status, version }) => {
        if (version !== undefined) res.setHeader('ETag', `"${version}"`);
        send(res, status ?? 200, body, 'application/json');
      },
      (error: unknown) => {
        const status = error instanceof Refusal ? error.status : 500;
        if (status === 500) process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        send(res, status, JSON.stringify({ status, ...(error instanceof Refusal ? error.problem : {}) }));
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, host);
  const stop = () => {
    server.close(() => void close().then(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Serves `reads` on the port and host; on SIGTERM or SIGINT, requests in flight finish, then `close` runs. */
export function servePatientReads(port: number, host: string, reads: PatientReads, close: () => Promise<unknown>): void {
  const patientRoute: Route = {
    method: 'GET',
    path: PATIENT_PATH,
    handle: (req, match, res, query) => {
      const read = match[2] ? reads.timeline : reads.patient;
      if (!read) return Promise.reject(new Refusal(404));
      return read(req, match[1].toLowerCase(), res, query);
    },
  };
  serveRoutes(port, host, [patientRoute], close);
}
