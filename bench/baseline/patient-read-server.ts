/**
 * The HTTP side the bench's plain baselines share: GET /api/v1/patients/:id,
 * GET /api/v1/patients/:id/timeline and /health/live on node:http, a read
 * function per route a baseline serves, problem answers for refusals, and a
 * graceful stop on SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** A refused read: the status it answers. */
export class Refusal extends Error {
  constructor(readonly status: number) {
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

function send(res: ServerResponse, status: number, body: string, type = 'application/problem+json'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Serves `reads` on the port and host; on SIGTERM or SIGINT, requests in flight finish, then `close` runs. */
export function servePatientReads(port: number, host: string, reads: PatientReads, close: () => Promise<unknown>): void {
  const server = createServer((req, res) => {
    const [path, search = ''] = (req.url ?? '').split('?', 2);
    if (req.method === 'GET' && path === '/health/live') return send(res, 200, '{"status":"ok"}', 'application/json');
    const match = req.method === 'GET' ? PATIENT_PATH.exec(path) : null;
    const read = match && (match[2] ? reads.timeline : reads.patient);
    if (!match || !read) return send(res, 404, '{"status":404}');
    read(req, match[1].toLowerCase(), res, new URLSearchParams(search)).then(
      ({ body, version }) => {
        if (version !== undefined) res.setHeader('ETag', `"${version}"`);
        send(res, 200, body, 'application/json');
      },
      (error: unknown) => {
        const status = error instanceof Refusal ? error.status : 500;
        if (status === 500) process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        send(res, status, JSON.stringify({ status }));
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
