/**
 * CPU per request of the request logging alone: pino-http with the app's options
 * (request-logging-options.ts) on a synthetic authenticated patient read, against the
 * same loop with no logging. Lines go to stdout; pipe it (`| cat > /dev/null`) to
 * write to a pipe, as a container's stdout is. Usage:
 *   node dist/bench/bench/request-log-cost.js [sync|async] [requests]
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { loadConfig } from '../src/config/app-config.js';
import { generateDevKeys } from '../src/config/dev-key-file.js';
import { RequestContext } from '../src/infrastructure/context/request-context.js';
import { requestLoggingOptions } from '../src/infrastructure/logging/request-logging-options.js';

const [mode = 'sync', countArg = '200000'] = process.argv.slice(2);
const count = Number(countArg);
const config = loadConfig({ ...generateDevKeys(), NODE_ENV: 'test', LOG_LEVEL: 'info' });
const destination = pino.destination({ dest: 1, sync: mode === 'sync' });
const logging = pinoHttp(requestLoggingOptions(config), destination);
const socket = new Socket();
const actor = { kind: 'user', id: '0193a4f0-7c1e-7b8a-9f00-5d1c2e3f4a5b' } as const;

type Req = IncomingMessage & { originalUrl?: string; route?: { path: string }; baseUrl?: string };

function request(i: number, logged: boolean): void {
  const req = new IncomingMessage(socket) as Req;
  req.method = 'GET';
  req.url = req.originalUrl = `/api/v1/patients/0193a4f0-7c1e-7b8a-9f00-${String(i).padStart(12, '0')}`;
  req.headers = { host: 'localhost', authorization: 'Bearer x.y.z', 'x-request-id': `bench-${i}`, accept: 'application/json' };
  const res = new ServerResponse(req);
  // As once the answer is written: the line says "request completed" with its status.
  Object.defineProperties(res, { headersSent: { value: true }, writableEnded: { value: true } });
  RequestContext.run({ correlationId: `bench-${i}`, actor }, () => {
    const finish = () => {
      req.route = { path: '/patients/:id' };
      req.baseUrl = '/api/v1';
      res.statusCode = 200;
      res.emit('finish');
    };
    if (logged) logging(req, res, finish);
    else finish();
  });
}

function cpuMicrosPerRequest(logged: boolean): number {
  for (let i = 0; i < 20_000; i++) request(i, logged);
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) request(i, logged);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

const without = cpuMicrosPerRequest(false);
const withLogging = cpuMicrosPerRequest(true);
destination.flushSync();
process.stderr.write(
  `${mode} stdout, ${count} requests: ${withLogging.toFixed(2)} µs of CPU per request with logging, ` +
    `${without.toFixed(2)} without: logging ${(withLogging - without).toFixed(2)} µs\n`,
);
