import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { uuidv7 } from '@hms/ddd';
import { isSaneRequestId, RequestContext } from '../context/request-context.js';
import type { MetricsService } from '../metrics/metrics.service.js';

export const REQUEST_ID_HEADER = 'X-Request-ID';

/**
 * First middleware of every request: picks the request id (the caller's when
 * it is a sane token, else a new UUID v7), echoes it, opens the async
 * context, and on the way out adds Server-Timing and records the duration.
 */
export function requestContextMiddleware(metrics: MetricsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const offered = req.get('x-request-id') ?? req.get('x-correlation-id');
    const correlationId = isSaneRequestId(offered) ? offered : uuidv7();
    res.setHeader(REQUEST_ID_HEADER, correlationId);

    const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      if (!res.headersSent) res.setHeader('Server-Timing', `app;dur=${elapsedMs().toFixed(1)}`);
      return writeHead(...args);
    }) as typeof res.writeHead;

    res.on('finish', () => {
      // Route patterns only (never raw paths) keep label cardinality bounded and ids out of metrics.
      const matched = req.route as { path?: string } | undefined;
      // Nest's not-found handler is itself a wildcard route; count those as unmatched.
      const route = matched?.path && !matched.path.includes('*') ? `${req.baseUrl}${matched.path}` : 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, elapsedMs() / 1000);
    });

    RequestContext.run({ correlationId }, next);
  };
}
