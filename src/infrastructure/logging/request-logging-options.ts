import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/app-config.js';
import { RequestContext } from '../context/request-context.js';
import { redactionPaths, redactPersonalData } from './redaction.js';

type Req = IncomingMessage & { originalUrl?: string; route?: { path?: string }; baseUrl?: string };

const QUIET_PATHS = /^\/(health\/|metrics)/;

/** The matched route pattern (never the raw path with its ids), known once routing is done. */
function routeOf(req: Req): string | undefined {
  return req.route?.path ? `${req.baseUrl ?? ''}${String(req.route.path)}` : undefined;
}

/**
 * pino-http's options: JSON logs with request id, user id, route, status and latency. Paths are
 * logged without query strings (searches may carry names), and no body is ever logged.
 */
export function requestLoggingOptions(config: AppConfig): Options<Req, ServerResponse> {
  return {
    level: config.log.level,
    redact: { paths: redactionPaths(), censor: '[redacted]' },
    // Every logged object, at any depth; pino's redact paths above cover the top level of child bindings.
    formatters: { log: (logged: Record<string, unknown>) => redactPersonalData(logged) },
    genReqId: (req: IncomingMessage) => RequestContext.correlationId() ?? String(req.headers['x-request-id'] ?? ''),
    // Every line, HTTP or worker job, carries the correlation id of the work it belongs to.
    mixin: () => {
      const ctx = RequestContext.current();
      if (!ctx) return {};
      return { correlationId: ctx.correlationId, ...(ctx.actor?.kind === 'user' ? { userId: ctx.actor.id } : {}) };
    },
    // On the request's one line only: at its start, req.route is the logging middleware's own wildcard.
    customSuccessObject: (req: Req, _res: ServerResponse, logged: Record<string, unknown>) => ({
      reqId: req.id,
      ...logged,
      route: routeOf(req),
    }),
    customErrorObject: (req: Req, _res: ServerResponse, _error: Error, logged: Record<string, unknown>) => ({
      reqId: req.id,
      ...logged,
      route: routeOf(req),
    }),
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: Req) => ({
        method: req.method,
        path: (req.originalUrl ?? req.url ?? '').split('?')[0],
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    // One child logger per request (with `req`), not a second one for `reqId`: lines logged during a request
    // carry its method and path, and its correlation id from the mixin; the request's own line names reqId itself.
    quietReqLogger: false,
  };
}
